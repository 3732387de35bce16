using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Joins its inputs along one axis, like <c>keras.layers.Concatenate(axis=-1)</c> (a U-Net's skip connections). The
/// axis counts the batch axis as Keras does (<c>axis: 1</c> is the first axis of a sample; -1, the default, the last);
/// the inputs must agree on every other axis.
/// </summary>
public sealed class Concatenate : Layer
{
    private int _axis;

    public Concatenate(int axis = -1, string? name = null)
        : base(name)
    {
        if (axis == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), "Concatenate cannot join along the batch axis (axis 0).");
        }

        Axis = axis;
    }

    /// <summary>The axis as given (Keras counting: the batch axis is 0).</summary>
    public int Axis { get; }

    public override bool PreservesRange => true;

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count < 1)
        {
            throw new ArgumentException($"Layer '{Name}' (Concatenate) needs at least one input.");
        }

        int rank = inputShapes[0].Rank;
        int axis = Axis < 0 ? Axis + rank : Axis - 1;
        if (rank == 0 || axis < 0 || axis >= rank)
        {
            throw ShapeError(inputShapes, $"inputs with an axis {Axis} to join along");
        }

        Span<int> dims = stackalloc int[rank];
        inputShapes[0].CopyTo(dims);
        for (int i = 1; i < inputShapes.Count; i++)
        {
            var s = inputShapes[i];
            bool fits = s.Rank == rank;
            for (int d = 0; fits && d < rank; d++)
            {
                fits = d == axis || s[d] == dims[d];
            }

            if (!fits)
            {
                throw ShapeError(inputShapes, $"inputs that agree on every axis but axis {Axis}");
            }

            dims[axis] += s[axis];
        }

        return [new Shape(dims)];
    }

    protected override void Build(IReadOnlyList<Shape> inputShapes) =>
        _axis = Axis < 0 ? Axis + inputShapes[0].Rank + 1 : Axis;

    /// <summary>
    /// Keras's rule: joining along the last axis, a position is valid where any input's is (an input without a mask
    /// counts as valid everywhere); joining along the time axis, the masks are joined along it too.
    /// </summary>
    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks)
    {
        Tensor? first = null;
        foreach (var m in masks)
        {
            first ??= m;
        }

        if (first is null)
        {
            outputMasks[0] = null;
            return;
        }

        int rank = inputs[0].Rank;
        if (_axis == rank - 1)
        {
            var any = GradientTape.NewOutput(first.Shape);
            any.Span.Clear();
            foreach (var m in masks)
            {
                if (m is null)
                {
                    any.Span.Fill(1f);
                    break;
                }

                TensorPrimitives.Max(any.ReadOnlySpan, m.ReadOnlySpan, any.Span);
            }

            outputMasks[0] = any;
            return;
        }

        if (_axis != 1)
        {
            outputMasks[0] = null;
            return;
        }

        // Along the time axis (axis 1 of [batch, time, ...]): the masks [batch, time_i] joined.
        int batch = inputs[0].Shape[0];
        int total = 0;
        foreach (var x in inputs)
        {
            total += x.Shape[1];
        }

        var joined = GradientTape.NewOutput(new Shape(batch, total));
        var dst = joined.Span;
        for (int n = 0; n < batch; n++)
        {
            int offset = n * total;
            for (int i = 0; i < inputs.Length; i++)
            {
                int t = inputs[i].Shape[1];
                var row = dst.Slice(offset, t);
                if (masks[i] is { } m)
                {
                    m.ReadOnlySpan.Slice(n * t, t).CopyTo(row);
                }
                else
                {
                    row.Fill(1f);
                }

                offset += t;
            }
        }

        outputMasks[0] = joined;
    }

    // inputs: [batch, ..., k_i, ...] -> [batch, ..., sum k_i, ...]
    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        outputs[0] = inputs.Length == 1 ? inputs[0] : Ops.Concatenate(inputs, _axis);
}
