using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The base of the elementwise merge layers (<see cref="Add"/>, <see cref="Subtract"/>, <see cref="Multiply"/>,
/// <see cref="Average"/>, <see cref="Maximum"/>, <see cref="Minimum"/>), like Keras's <c>Merge</c>: inputs of equal
/// shapes, or shapes that broadcast (sizes equal or 1, aligned on the right; an input of lower rank gets axes of 1
/// after the batch axis, as Keras adds them). The output has the broadcast shape.
/// </summary>
public abstract class Merge : Layer
{
    private protected Merge(string? name)
        : base(name)
    {
    }

    /// <summary>The fewest inputs the layer takes.</summary>
    private protected virtual int MinimumInputs => 1;

    /// <summary>The most inputs the layer takes.</summary>
    private protected virtual int MaximumInputs => int.MaxValue;

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count < MinimumInputs || inputShapes.Count > MaximumInputs)
        {
            string count = MinimumInputs == MaximumInputs ? $"exactly {MinimumInputs}" : $"at least {MinimumInputs}";
            throw new ArgumentException($"Layer '{Name}' ({ClassName}) merges {count} inputs; got {inputShapes.Count}.");
        }

        var shape = inputShapes[0];
        for (int i = 1; i < inputShapes.Count; i++)
        {
            shape = Broadcast(shape, inputShapes[i]) ?? throw ShapeError(inputShapes, "inputs of the same shape, or shapes that broadcast (sizes equal or 1)");
        }

        return [shape];
    }

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training)
    {
        var y = Aligned(inputs[0]);
        for (int i = 1; i < inputs.Length; i++)
        {
            y = Combine(y, Aligned(inputs[i]));
        }

        outputs[0] = Finish(y, inputs.Length);
    }

    /// <summary>Keras's rule: the output is valid where every masked input is (the masks ANDed); no masks, no mask.</summary>
    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks)
    {
        Tensor? merged = null;
        foreach (var mask in masks)
        {
            if (mask is null)
            {
                continue;
            }

            if (merged is null)
            {
                merged = mask;
                continue;
            }

            var both = GradientTape.NewOutput(mask.Shape);
            TensorPrimitives.Min(merged.ReadOnlySpan, mask.ReadOnlySpan, both.Span);
            merged = both;
        }

        outputMasks[0] = merged;
    }

    /// <summary>Merges two (aligned) tensors.</summary>
    private protected abstract Tensor Combine(Tensor a, Tensor b);

    /// <summary>The last touch once every input is merged (the average divides by their number).</summary>
    private protected virtual Tensor Finish(Tensor merged, int count) => merged;

    // An input of lower rank than the output gets axes of 1 after its batch axis (a view).
    private Tensor Aligned(Tensor x)
    {
        var output = OutputShape!.Value;
        int missing = output.Rank + 1 - x.Rank;
        if (missing <= 0)
        {
            return x;
        }

        Span<int> dims = stackalloc int[output.Rank + 1];
        dims[0] = x.Shape[0];
        dims.Slice(1, missing).Fill(1);
        for (int i = 1; i < x.Rank; i++)
        {
            dims[missing + i] = x.Shape[i];
        }

        return Ops.Reshape(x, new Shape(dims));
    }

    /// <summary>Two per-sample shapes broadcast (aligned on the right), or null when they do not fit.</summary>
    internal static Shape? Broadcast(Shape a, Shape b)
    {
        if (a.Rank < b.Rank)
        {
            (a, b) = (b, a);
        }

        Span<int> dims = stackalloc int[a.Rank];
        int offset = a.Rank - b.Rank;
        for (int i = 0; i < a.Rank; i++)
        {
            int x = a[i];
            int y = i < offset ? 1 : b[i - offset];
            if (x != y && x != 1 && y != 1)
            {
                return null;
            }

            dims[i] = x == 1 ? y : x;
        }

        return new Shape(dims);
    }
}
