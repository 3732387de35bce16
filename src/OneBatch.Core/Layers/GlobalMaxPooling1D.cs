using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The max over the steps of each feature, like <c>keras.layers.GlobalMaxPooling1D</c>:
/// <c>[batch, steps, features] -> [batch, features]</c> (<c>[batch, 1, features]</c> with <c>keepDims</c>).
/// Steps that tie for the max share its gradient, as Keras's <c>ops.max</c> does.
/// </summary>
/// <remarks>
/// Masks: Keras 3's GlobalMaxPooling1D does not support masking (unlike GlobalAveragePooling1D): a mask on the input
/// is ignored, so padded steps take part in the max, and it is dropped (Keras warns that it is destroyed).
/// </remarks>
public sealed class GlobalMaxPooling1D(bool keepDims = false, int[]? inputShape = null, string? name = null) : GlobalPooling1D(keepDims, inputShape, name)
{
    // x: [batch, steps, features] -> [batch, features] (or [batch, 1, features])
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Max(x, 1, KeepDims);
}
