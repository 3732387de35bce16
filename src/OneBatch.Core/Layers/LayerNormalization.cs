using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Normalizes each sample over the given axes to zero mean and unit variance, then scales by gamma and shifts by
/// beta, like <c>keras.layers.LayerNormalization</c> (axis -1, epsilon 1e-3). Unlike BatchNormalization it uses no
/// batch statistics, so it behaves the same in training and inference. Axes count the batch axis as Keras does
/// (axis 1 is the first axis of a sample; negative axes count from the end). Gamma and beta span the normalized
/// axes, their shape listing the sizes in the order the axes are given (Keras's weight shapes). A mask passes through.
/// </summary>
public sealed class LayerNormalization : Layer
{
    private readonly int[] _axes;

    // How a call lays the normalized axes last when they are not already (null when they are).
    private int[]? _toLast;
    private int[]? _fromLast;
    private int _trailing;

    public LayerNormalization(
        int axis = -1,
        float epsilon = 1e-3f,
        bool center = true,
        bool scale = true,
        Initializer? betaInitializer = null,
        Initializer? gammaInitializer = null,
        int[]? inputShape = null,
        string? name = null)
        : this([axis], epsilon, center, scale, betaInitializer, gammaInitializer, inputShape, name)
    {
    }

    public LayerNormalization(
        int[] axis,
        float epsilon = 1e-3f,
        bool center = true,
        bool scale = true,
        Initializer? betaInitializer = null,
        Initializer? gammaInitializer = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(axis);
        if (axis.Length == 0)
        {
            throw new ArgumentException("LayerNormalization needs at least one axis to normalize over.", nameof(axis));
        }

        if (axis.Contains(0))
        {
            throw new ArgumentException("LayerNormalization normalizes within each sample, so axis 0 (the batch axis) cannot be one of its axes.", nameof(axis));
        }

        if (axis.Distinct().Count() != axis.Length)
        {
            throw new ArgumentException($"LayerNormalization's axes [{string.Join(", ", axis)}] repeat an axis.", nameof(axis));
        }

        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"LayerNormalization epsilon must be positive; got {epsilon}.");
        }

        _axes = axis.ToArray();
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Constant(0f);
        GammaInitializer = gammaInitializer ?? new Constant(1f);
    }

    /// <summary>The normalized axes, as given (Keras counting: the batch axis is 0).</summary>
    public IReadOnlyList<int> Axis => _axes;

    public float Epsilon { get; }

    public bool Center { get; }

    public bool Scale { get; }

    public Initializer BetaInitializer { get; }

    public Initializer GammaInitializer { get; }

    public Variable? Gamma { get; private set; }

    public Variable? Beta { get; private set; }

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        _ = SampleAxes(inputShape);
        return inputShape;
    }

    protected override void Build(Shape inputShape)
    {
        var axes = SampleAxes(inputShape);
        Span<int> dims = stackalloc int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            dims[i] = inputShape[axes[i]];
        }

        var weightShape = new Shape(dims);
        if (Scale)
        {
            Gamma = AddWeight("gamma", weightShape, GammaInitializer);
        }

        if (Center)
        {
            Beta = AddWeight("beta", weightShape, BetaInitializer);
        }

        // Keras reshapes gamma and beta onto the input's axes in their natural order, whatever order the axes are
        // listed in: the op reads them flat, with the normalized axes laid last in increasing order.
        var sorted = axes.Order().ToArray();
        _trailing = sorted.Length;
        bool last = sorted[0] == inputShape.Rank - sorted.Length && sorted.Zip(sorted.Skip(1)).All(p => p.Second == p.First + 1);
        if (!last)
        {
            // With the batch axis: [0, kept axes..., normalized axes...] and its inverse.
            var kept = Enumerable.Range(0, inputShape.Rank).Where(a => !sorted.Contains(a));
            _toLast = [0, .. kept.Select(a => a + 1), .. sorted.Select(a => a + 1)];
            _fromLast = new int[_toLast.Length];
            for (int i = 0; i < _toLast.Length; i++)
            {
                _fromLast[_toLast[i]] = i;
            }
        }
    }

    // x: [batch, ...] -> [batch, ...]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (_toLast is null)
        {
            return Ops.LayerNormalization(x, _trailing, Gamma?.Value, Beta?.Value, Epsilon);
        }

        var moved = Ops.Transpose(x, _toLast);
        var y = Ops.LayerNormalization(moved, _trailing, Gamma?.Value, Beta?.Value, Epsilon);
        return Ops.Transpose(y, _fromLast);
    }

    // The axes as indexes into a per-sample shape, in the order given.
    private int[] SampleAxes(Shape inputShape)
    {
        int rank = inputShape.Rank;
        var axes = new int[_axes.Length];
        for (int i = 0; i < _axes.Length; i++)
        {
            int a = _axes[i] < 0 ? _axes[i] + rank : _axes[i] - 1;
            if (a < 0 || a >= rank)
            {
                throw ShapeError(inputShape, $"axes within a sample of rank {rank} (1 to {rank}, or -1 to -{rank}), but axis is [{string.Join(", ", _axes)}]");
            }

            if (Array.IndexOf(axes, a, 0, i) >= 0)
            {
                throw ShapeError(inputShape, $"distinct axes, but axis [{string.Join(", ", _axes)}] names axis {a + 1} twice");
            }

            axes[i] = a;
        }

        return axes;
    }
}
