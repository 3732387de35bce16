using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The dot product of two inputs along an axis of each, per sample, like <c>keras.layers.Dot(axes, normalize)</c>:
/// two vectors <c>[batch, d]</c> give <c>[batch, 1]</c> (a recommender's user-item score); two matrices
/// <c>[batch, a, d]</c> and <c>[batch, b, d]</c> with <c>axes: 2</c> give <c>[batch, a, b]</c>. The axes count the
/// batch axis as Keras does. With <c>normalize</c>, each input is first scaled to unit L2 norm along its axis, so the
/// product is the cosine similarity.
/// </summary>
public sealed class Dot : Layer
{
    // Keras's l2_normalize floor on the squared norm.
    private const float NormEpsilon = 1e-12f;

    private readonly int[] _axes;
    private int _axisA;
    private int _axisB;

    public Dot(int axes, bool normalize = false, string? name = null)
        : this([axes, axes], normalize, name)
    {
    }

    public Dot(int[] axes, bool normalize = false, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length is not (1 or 2) || axes.Any(a => a == 0))
        {
            throw new ArgumentException($"Dot's axes must be one or two axes other than the batch axis; got [{string.Join(", ", axes)}].", nameof(axes));
        }

        _axes = axes.Length == 1 ? [axes[0], axes[0]] : [axes[0], axes[1]];
        Normalize = normalize;
    }

    /// <summary>The axis of each input (Keras counting: the batch axis is 0).</summary>
    public IReadOnlyList<int> Axes => _axes;

    public bool Normalize { get; }

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count != 2)
        {
            throw new ArgumentException($"Layer '{Name}' (Dot) takes exactly 2 inputs; got {inputShapes.Count}.");
        }

        Shape a = inputShapes[0], b = inputShapes[1];
        if (a.Rank != b.Rank || a.Rank is not (1 or 2))
        {
            throw ShapeError(inputShapes, "two vectors [d] or two matrices [rows, d] per sample");
        }

        int ia = PerSampleAxis(_axes[0], a.Rank), ib = PerSampleAxis(_axes[1], b.Rank);
        if (ia < 0 || ib < 0 || a[ia] != b[ib])
        {
            throw ShapeError(inputShapes, $"inputs of equal size along axes {_axes[0]} and {_axes[1]}");
        }

        return a.Rank == 1 ? [new Shape(1)] : [new Shape(a[1 - ia], b[1 - ib])];
    }

    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        _axisA = PerSampleAxis(_axes[0], inputShapes[0].Rank) + 1;
        _axisB = PerSampleAxis(_axes[1], inputShapes[1].Rank) + 1;
    }

    // a, b: [batch, d] -> [batch, 1];  a: [batch, p, q], b: [batch, r, s] -> [batch, rest of a, rest of b]
    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training)
    {
        var a = Normalize ? UnitNorm(inputs[0], _axisA) : inputs[0];
        var b = Normalize ? UnitNorm(inputs[1], _axisB) : inputs[1];
        if (a.Rank == 2)
        {
            outputs[0] = Ops.Sum(Ops.Multiply(a, b), axis: -1, keepDims: true);
            return;
        }

        // Contract axis 1 of a by reading it transposed, axis 2 of b likewise: [B, p, q] x [B, q, s] -> [B, p, s].
        outputs[0] = Ops.BatchMatMul(a, b, transposeA: _axisA == 1, transposeB: _axisB == 2);
    }

    // x / sqrt(max(sum(x^2, axis), eps)), as keras.ops.normalize does it.
    private static Tensor UnitNorm(Tensor x, int axis)
    {
        var squared = Ops.Sum(Ops.Square(x), axis, keepDims: true);
        return Ops.Divide(x, Ops.Sqrt(Ops.Clip(squared, NormEpsilon, float.MaxValue)));
    }

    private static int PerSampleAxis(int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis - 1;
        return a >= 0 && a < rank ? a : -1;
    }
}
