using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Constraints;

/// <summary>
/// The constraints that rescale a weight by its L2 norms (MaxNorm, UnitNorm, MinMaxNorm), as Keras computes them:
/// <c>norms = sqrt(sum(w^2, axis, keepdims))</c>, then <c>w *= desired(norms) / (1e-7 + norms)</c>. The axes are those
/// summed over: for a Dense kernel <c>[in, units]</c> axis 0 gives one norm per unit (its incoming weights); for a
/// Conv2D kernel <c>[kh, kw, in, out]</c> axes [0, 1, 2] give one per filter. No axes means one norm for the whole weight.
/// </summary>
public abstract class NormConstraint : Constraint
{
    /// <summary>Keras's <c>backend.epsilon()</c>, beside the norm in the denominator.</summary>
    public const float Epsilon = 1e-7f;

    private readonly int[] _axes;

    /// <param name="axes">The axes summed over; null for the whole weight (Keras's <c>axis=None</c>).</param>
    private protected NormConstraint(int[]? axes)
    {
        if (axes is { Length: 0 })
        {
            throw new ArgumentException($"{GetType().Name}: the axis list is empty; give the axes to sum over, or null for the whole weight.", nameof(axes));
        }

        _axes = axes ?? [];
        if (_axes.Distinct().Count() != _axes.Length)
        {
            throw new ArgumentException($"{GetType().Name}: the axis list [{string.Join(", ", _axes)}] names an axis twice.", nameof(axes));
        }
    }

    /// <summary>The axes summed over to make each norm (negative ones count from the end); empty for the whole weight.</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <summary>The factor a group of weights of L2 norm <paramref name="norm"/> is multiplied by.</summary>
    protected abstract float Factor(float norm);

    public override void Validate(Shape shape)
    {
        foreach (int axis in _axes)
        {
            if (axis < -shape.Rank || axis >= shape.Rank)
            {
                throw new ArgumentException($"{Name}: axis {axis} is out of range for a weight of shape {shape}.");
            }
        }
    }

    public sealed override void Apply(Span<float> values, Shape shape)
    {
        Validate(shape);
        if (values.IsEmpty)
        {
            return;
        }

        int rank = shape.Rank;
        Span<bool> reduced = stackalloc bool[Math.Max(rank, 1)];
        foreach (int axis in _axes)
        {
            reduced[axis < 0 ? axis + rank : axis] = true;
        }

        if (_axes.Length == 0)
        {
            reduced.Fill(true);
        }

        // The reduced axes as a leading block (axis 0 of a Dense kernel, [0, 1, 2] of a Conv2D kernel) or a trailing
        // one (axis -1) keep each norm's weights in strided rows or contiguous runs: the vector paths.
        int lead = 0;
        while (lead < rank && reduced[lead])
        {
            lead++;
        }

        int trail = 0;
        while (trail < rank && reduced[rank - 1 - trail])
        {
            trail++;
        }

        int reducedCount = 0;
        for (int d = 0; d < rank; d++)
        {
            reducedCount += reduced[d] ? 1 : 0;
        }

        if (rank == 0 || reducedCount == rank)
        {
            ScaleRuns(values, values.Length);
        }
        else if (lead == reducedCount)
        {
            ScaleColumns(values, shape.Size / Product(shape, 0, lead));
        }
        else if (trail == reducedCount)
        {
            ScaleRuns(values, Product(shape, rank - trail, rank));
        }
        else
        {
            ScaleAnyAxes(values, shape, reduced[..rank]);
        }
    }

    // Each norm's weights are a contiguous run of `width` values.
    private void ScaleRuns(Span<float> values, int width)
    {
        for (int start = 0; start < values.Length; start += width)
        {
            var run = values.Slice(start, width);
            TensorPrimitives.Multiply(run, Factor(MathF.Sqrt(TensorPrimitives.SumOfSquares(run))), run);
        }
    }

    // Each norm's weights are a column of rows of `width` values: norm j is over values[r * width + j] for every row r.
    private void ScaleColumns(Span<float> values, int width)
    {
        var factors = Scratch.Get(Scratch.Ops, width).AsSpan(0, width);
        factors.Clear();
        for (int start = 0; start < values.Length; start += width)
        {
            var row = values.Slice(start, width);
            TensorPrimitives.FusedMultiplyAdd(row, row, factors, factors);
        }

        for (int j = 0; j < width; j++)
        {
            factors[j] = Factor(MathF.Sqrt(factors[j]));
        }

        for (int start = 0; start < values.Length; start += width)
        {
            var row = values.Slice(start, width);
            TensorPrimitives.Multiply(row, factors, row);
        }
    }

    // Any other set of axes: walk the weight in order, keeping the index of its norm (the kept axes' position).
    private void ScaleAnyAxes(Span<float> values, Shape shape, ReadOnlySpan<bool> reduced)
    {
        int rank = shape.Rank;
        Span<int> keptStride = stackalloc int[rank];
        int kept = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            keptStride[d] = reduced[d] ? 0 : kept;
            kept *= reduced[d] ? 1 : shape[d];
        }

        var norms = Scratch.Get(Scratch.Ops, kept).AsSpan(0, kept);
        norms.Clear();
        Span<int> index = stackalloc int[rank];
        index.Clear();
        for (int i = 0, k = 0; i < values.Length; i++)
        {
            norms[k] += values[i] * values[i];
            k = Next(index, shape, keptStride, k);
        }

        for (int j = 0; j < kept; j++)
        {
            norms[j] = Factor(MathF.Sqrt(norms[j]));
        }

        index.Clear();
        for (int i = 0, k = 0; i < values.Length; i++)
        {
            values[i] *= norms[k];
            k = Next(index, shape, keptStride, k);
        }
    }

    // Advances a row-major index by one and returns the norm index that goes with it.
    private static int Next(Span<int> index, Shape shape, ReadOnlySpan<int> keptStride, int k)
    {
        for (int d = index.Length - 1; d >= 0; d--)
        {
            index[d]++;
            k += keptStride[d];
            if (index[d] < shape[d])
            {
                return k;
            }

            k -= keptStride[d] * shape[d];
            index[d] = 0;
        }

        return k;
    }

    private static int Product(Shape shape, int from, int to)
    {
        int p = 1;
        for (int d = from; d < to; d++)
        {
            p *= shape[d];
        }

        return p;
    }

    private protected string AxisText => _axes.Length switch
    {
        0 => "None",
        1 => _axes[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"[{string.Join(", ", _axes)}]",
    };
}
