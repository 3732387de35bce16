using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The max of each window, per channel, like <c>keras.layers.MaxPooling2D</c>: pool 2x2 by default, strides = the
/// pool size by default, "valid" padding by default. <code>new MaxPooling2D([2, 2])</code>
/// </summary>
public sealed class MaxPooling2D(int[]? poolSize = null, int[]? strides = null, string padding = "valid", string? dataFormat = null, int[]? inputShape = null, string? name = null)
    : Pooling2D(poolSize, strides, padding, dataFormat, inputShape, name)
{
    // x: [batch, H, W, C] -> [batch, OH, OW, C]
    private protected override Tensor Pool(Tensor x) => Ops.MaxPool2D(x, Window);
}
