using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The mean over the steps of each feature, like <c>keras.layers.GlobalAveragePooling1D</c>:
/// <c>[batch, steps, features] -> [batch, features]</c> (<c>[batch, 1, features]</c> with <c>keepDims</c>).
/// </summary>
/// <remarks>
/// Masks: as in Keras 3, a mask on the input (from an Embedding with <c>mask_zero</c>, or Masking) limits the mean to
/// the real steps (a sequence with none gives NaN, 0/0, as in Keras), and the output carries no mask.
/// </remarks>
public sealed class GlobalAveragePooling1D(bool keepDims = false, int[]? inputShape = null, string? name = null) : GlobalPooling1D(keepDims, inputShape, name)
{
    // x: [batch, steps, features] -> [batch, features] (or [batch, 1, features])
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Mean(x, 1, KeepDims);

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training)
    {
        if (masks[0] is not { } mask)
        {
            outputs[0] = Call(inputs[0], training);
            return;
        }

        // x: [batch, steps, features], mask: [batch, steps] -> the mean over the real steps, [batch, features]
        var x = inputs[0];
        var mean = Ops.MaskedMean(x, mask);
        outputs[0] = KeepDims ? Ops.Reshape(mean, new Shape(x.Shape[0], 1, x.Shape[2])) : mean;
    }
}
