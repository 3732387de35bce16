using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The mean of each window, per channel, like <c>keras.layers.AveragePooling2D</c> (with "same" padding a border
/// window is averaged over its image elements only). Pool 2x2, strides = pool size, "valid" padding by default.
/// </summary>
public sealed class AveragePooling2D(int[]? poolSize = null, int[]? strides = null, string padding = "valid", string? dataFormat = null, int[]? inputShape = null, string? name = null)
    : Pooling2D(poolSize, strides, padding, dataFormat, inputShape, name)
{
    // x: [batch, H, W, C] -> [batch, OH, OW, C]
    private protected override Tensor Pool(Tensor x) => Ops.AvgPool2D(x, Window);
}
