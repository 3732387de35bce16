using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Marks time steps whose every feature equals <see cref="MaskValue"/> as padding, like <c>keras.layers.Masking</c>:
/// x <c>[batch, time, features]</c> passes through with those steps zeroed, and the output carries the mask
/// <c>[batch, time]</c> that recurrent layers, pooling over time and the loss leave out.
/// </summary>
public sealed class Masking(float maskValue = 0f, int[]? inputShape = null, string? name = null) : Layer(name, inputShape)
{
    public float MaskValue { get; } = maskValue;

    public override bool CreatesMask => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank >= 2 ? inputShape : throw ShapeError(inputShape, "sequences [time, features]");

    // x: [batch, time, features] -> x * mask[..., None]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Multiply(x, Mask(x, keepLastAxis: true));

    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks) =>
        outputMasks[0] = Mask(inputs[0], keepLastAxis: false);

    // 1 where some feature differs from the mask value: [batch, time] (or [batch, time, 1]).
    private Tensor Mask(Tensor x, bool keepLastAxis)
    {
        int features = x.Shape.Last;
        var shape = keepLastAxis ? x.Shape.WithLast(1) : x.Shape.DropLast();
        var mask = GradientTape.NewOutput(shape);
        var m = mask.Span;
        var v = x.ReadOnlySpan;
        for (int i = 0; i < m.Length; i++)
        {
            bool real = false;
            foreach (float f in v.Slice(i * features, features))
            {
                real |= f != MaskValue;
            }

            m[i] = real ? 1f : 0f;
        }

        return mask;
    }
}
