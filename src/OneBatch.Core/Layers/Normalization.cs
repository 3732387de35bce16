using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Standardizes features, like <c>keras.layers.Normalization</c>: (x - mean) / max(sqrt(variance), 1e-7), with one
/// mean and variance per index of the kept <see cref="Axis"/> (the last by default; none keeps one scalar for
/// everything). With <see cref="Invert"/> it undoes that: mean + x * max(sqrt(variance), 1e-7).
/// <para>
/// The mean and variance are given (constants), or else they are the layer's weights, as Keras holds them once it
/// was adapted: <c>mean</c> and <c>variance</c> of the kept axes' shape and a scalar <c>count</c>, in that order, none
/// of them trainable (loaded with the model's weights; until then mean 0 and variance 1).
/// </para>
/// </summary>
public sealed class Normalization : Layer
{
    private const float Epsilon = 1e-7f;

    private readonly int[] _axis;
    private readonly float[]? _mean;
    private readonly float[]? _variance;
    private Tensor? _center;
    private Tensor? _spread;
    private int[] _keep = [];

    /// <param name="axis">
    /// The axes of the batched input (1 is the first after the batch; negative counts from the end) that keep their own
    /// mean and variance; null for Keras's default, the last; empty for Keras's <c>axis=None</c>, one scalar for all.
    /// </param>
    /// <param name="mean">One number, one per index of the last kept axis, or one per index of all kept axes.</param>
    /// <param name="variance">As <paramref name="mean"/>; the two are given together or not at all.</param>
    public Normalization(int[]? axis = null, float[]? mean = null, float[]? variance = null, bool invert = false, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        _axis = axis is null ? [-1] : (int[])axis.Clone();
        if (_axis.Contains(0))
        {
            throw new ArgumentException($"Normalization '{Name}' cannot keep a mean per index of axis 0, the batch axis.", nameof(axis));
        }

        if ((mean is null) != (variance is null))
        {
            throw new ArgumentException($"Normalization '{Name}' needs both mean and variance, or neither (then they are its weights).");
        }

        if (mean is not null && (mean.Length != variance!.Length || mean.Length == 0 || mean.Concat(variance).Any(v => !float.IsFinite(v)) || variance.Any(v => v < 0f)))
        {
            throw new ArgumentException($"Normalization '{Name}' needs a mean and a variance of the same length, finite, with variances of at least 0.");
        }

        _mean = (float[]?)mean?.Clone();
        _variance = (float[]?)variance?.Clone();
        Invert = invert;
    }

    /// <summary>The kept axes as given (of the batched input).</summary>
    public IReadOnlyList<int> Axis => _axis;

    public bool Invert { get; }

    /// <summary>The adapted mean, when the layer holds it as a weight (no mean given).</summary>
    public Variable? Mean { get; private set; }

    public Variable? Variance { get; private set; }

    /// <summary>How many values the adapted statistics came from; Keras keeps it for old saved models, and so does this layer.</summary>
    public Variable? Count { get; private set; }

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        _ = KeptAxes(inputShape);
        return inputShape;
    }

    protected override void Build(Shape inputShape)
    {
        _keep = KeptAxes(inputShape);
        var kept = new Shape(_keep.Select(a => inputShape[a - 1]).ToArray());

        // The statistics broadcast against a sample: its shape with 1 on every axis not kept.
        var broadcast = new int[inputShape.Rank];
        for (int i = 0; i < broadcast.Length; i++)
        {
            broadcast[i] = _keep.Contains(i + 1) ? inputShape[i] : 1;
        }

        _center = new Tensor(new Shape(broadcast));
        _spread = new Tensor(new Shape(broadcast));
        if (_mean is null)
        {
            Mean = AddWeight("mean", kept, new Constant(0f), trainable: false);
            Variance = AddWeight("variance", kept, new Constant(1f), trainable: false);
            Count = AddWeight("count", Shape.Scalar, new Constant(0f), trainable: false);
        }
        else
        {
            var meanValues = Spread(_mean, kept, "mean");
            var varianceValues = Spread(_variance!, kept, "variance");
            Fill(meanValues, varianceValues);
        }
    }

    // x: [batch, ...] -> (x - mean) / s, or mean + x * s to invert, as Keras computes them; mean and s have the
    // sample's shape with 1 where an axis is not kept.
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (Mean is not null)
        {
            // The weights can be loaded or set after the build: read them at every call (a few values, no allocation).
            Fill(Mean.Value.ReadOnlySpan, Variance!.Value.ReadOnlySpan);
        }

        return Invert ? Ops.Add(_center!, Ops.Multiply(x, _spread!)) : Ops.Divide(Ops.Subtract(x, _center!), _spread!);
    }

    // s = max(sqrt(variance), 1e-7). The statistics, in the kept axes' order, are laid out in the sample's order with
    // the other axes of size 1, which keeps them in the same order.
    private void Fill(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance)
    {
        mean.CopyTo(_center!.Span);
        var spread = _spread!.Span;
        for (int i = 0; i < spread.Length; i++)
        {
            spread[i] = MathF.Max(MathF.Sqrt(variance[i]), Epsilon);
        }
    }

    // Given values over the kept shape: one for all, one per index of the last kept axis (repeated), or one per entry.
    private float[] Spread(float[] values, Shape kept, string what)
    {
        int size = kept.Size, last = kept.Rank == 0 ? 1 : kept.Last;
        if (values.Length == size)
        {
            return values;
        }

        if (values.Length == 1 || values.Length == last)
        {
            return Enumerable.Range(0, size).Select(i => values[i % values.Length]).ToArray();
        }

        throw new ArgumentException(
            $"Normalization '{Name}' has {values.Length} {what} values, which do not broadcast to its kept axes' shape {kept}.");
    }

    // The kept axes as positions of the batched input (1 .. rank), sorted.
    private int[] KeptAxes(Shape inputShape)
    {
        int rank = inputShape.Rank + 1;
        var keep = new List<int>();
        foreach (int a in _axis)
        {
            int p = a < 0 ? a + rank : a;
            if (p < 1 || p >= rank)
            {
                throw ShapeError(inputShape, $"inputs with the axes [{string.Join(", ", _axis)}] besides the batch axis");
            }

            keep.Add(p);
        }

        return keep.Distinct().Order().ToArray();
    }
}
