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

    // inputs: [batch, ..., k_i, ...] -> [batch, ..., sum k_i, ...]
    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        outputs[0] = inputs.Length == 1 ? inputs[0] : Ops.Concatenate(inputs, _axis);
}
