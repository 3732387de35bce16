using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The max over height and width of each channel, like <c>keras.layers.GlobalMaxPooling2D</c>:
/// <c>[batch, H, W, C] -> [batch, C]</c> (<c>[batch, 1, 1, C]</c> with <c>keepDims</c>). Pixels that tie for the max
/// share its gradient equally, as Keras's <c>ops.max</c> does (MaxPooling2D instead gives it all to the first).
/// </summary>
public sealed class GlobalMaxPooling2D(bool keepDims = false, string? dataFormat = null, int[]? inputShape = null, string? name = null)
    : GlobalPooling2D(keepDims, dataFormat, inputShape, name)
{
    // x: [batch, H, W, C] -> a view [batch, H * W, C] -> its max over the pixels [batch, C]
    private protected override Tensor Pool(Tensor x) =>
        Ops.Max(Ops.Reshape(x, new Shape(x.Shape[0], x.Shape[1] * x.Shape[2], x.Shape[3])), 1);
}
