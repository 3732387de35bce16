using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Softmax along <see cref="Axis"/> (the last by default), like <c>keras.layers.Softmax</c>. A mask on the input
/// (1 keep, 0 leave out) takes part as in Keras 3: (1 - mask) * -1e9 is added to the inputs before the softmax, so the
/// masked positions get weight ~0; the mask must broadcast to the inputs' shape, as Keras's addition needs.
/// </summary>
public sealed class Softmax : Layer
{
    public Softmax(int axis = -1, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (axis == 0)
        {
            throw new ArgumentException($"Softmax '{Name}' cannot run along axis 0, the batch axis.", nameof(axis));
        }

        Axis = axis;
        Function = ActivationFunction.SoftmaxAlong(axis);
    }

    /// <summary>The axis of the batched input (negative counts from the end) the softmax normalizes along.</summary>
    public int Axis { get; }

    public ActivationFunction Function { get; }

    public override ActivationFunction? OutputActivation => Function;

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        int rank = inputShape.Rank + 1;
        if (Axis >= rank || Axis < -rank + 1)
        {
            throw ShapeError(inputShape, $"inputs that have an axis {Axis} besides the batch axis");
        }

        return inputShape;
    }

    protected internal override Tensor Call(Tensor x, bool training) => Function.Apply(x);

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training)
    {
        if (masks.Length == 0 || masks[0] is not { } mask)
        {
            outputs[0] = Function.Apply(inputs[0]);
            return;
        }

        var x = inputs[0];
        if (Broadcast.ShapeOf(x.Shape, mask.Shape) != x.Shape)
        {
            throw new ArgumentException(
                $"Softmax '{Name}' cannot take a mask of shape {mask.Shape} over inputs of shape {x.Shape}: Keras adds the mask to the inputs, so its shape must broadcast to theirs.");
        }

        // (1 - mask) * -1e9, a constant: masked positions fall to ~-1e9 and get weight 0 (and no gradient).
        var adder = GradientTape.NewOutput(mask.Shape);
        var m = mask.ReadOnlySpan;
        var a = adder.Span;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (1f - m[i]) * Ops.MaskedScore;
        }

        outputs[0] = Function.Apply(Ops.Add(x, adder));
    }
}
