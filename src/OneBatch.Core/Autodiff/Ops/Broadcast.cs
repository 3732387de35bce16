using System.Runtime.CompilerServices;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// NumPy broadcasting for the binary ops. Shapes are aligned on the right; an axis of size 1 repeats to the other
/// operand's size, and the output has the broadcast shape of both. Two layouts get fast paths: operands of the output's
/// size, and an operand repeated over one that has the output's size with its non-1 axes contiguous (a bias <c>[c]</c>
/// over <c>[n, c]</c>, a scalar, a per-row value <c>[n, 1]</c> over <c>[n, c]</c>), where element i of the output reads
/// element <c>(i / Inner) % Mid</c> of the small operand (an instance of this struct describes that pattern). Every
/// other pair (<c>[n, 1, 1, c]</c> over <c>[n, h, w, c]</c>, <c>[n, 1, c]</c> with <c>[1, m, c]</c>, ...) walks the
/// output in rows with a stride per operand.
/// </summary>
internal readonly record struct Broadcast(int Mid, int Inner)
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/> (NumPy rules), or null if they do not broadcast.</summary>
    public static Shape? ShapeOf(Shape a, Shape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> dims = stackalloc int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Rank) >= 0 ? a[i - (rank - a.Rank)] : 1;
            int db = i - (rank - b.Rank) >= 0 ? b[i - (rank - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                return null;
            }

            dims[i] = da == 1 ? db : da;
        }

        return new Shape(dims);
    }

    /// <summary>
    /// dst = op(x, y), where x and y broadcast to <paramref name="shape"/>, the shape of dst. The destination may be x
    /// or y when that operand has the output's size (each element is read before it is written).
    /// </summary>
    public static void Combine(
        BinaryKind kind, ReadOnlySpan<float> x, Shape xShape, ReadOnlySpan<float> y, Shape yShape, Span<float> dst, Shape shape)
    {
        // An operand with the output's size has the output's layout: broadcasting can only have added leading 1s.
        bool xFull = xShape.Size == shape.Size, yFull = yShape.Size == shape.Size;
        if (xFull && yFull)
        {
            kind.Apply(x, y, dst);
        }
        else if (xFull && Of(yShape, shape) is { } yPattern)
        {
            yPattern.Apply(kind, x, y, dst, smallFirst: false);
        }
        else if (yFull && Of(xShape, shape) is { } xPattern)
        {
            xPattern.Apply(kind, y, x, dst, smallFirst: true);
        }
        else
        {
            CombineStrided(kind, x, xShape, y, yShape, dst, shape);
        }
    }

    /// <summary>
    /// small (+)= <paramref name="full"/> (of <paramref name="shape"/>) summed over the axes along which
    /// <paramref name="smallShape"/> repeats to it: the gradient of an operand that was broadcast.
    /// </summary>
    public static void SumTo(ReadOnlySpan<float> full, Shape shape, Span<float> small, Shape smallShape, bool accumulate)
    {
        if (smallShape.Size == shape.Size)
        {
            if (accumulate)
            {
                TensorPrimitives.Add(small, full, small);
            }
            else
            {
                full.CopyTo(small);
            }
        }
        else if (Of(smallShape, shape) is { } pattern)
        {
            pattern.Reduce(full, small, accumulate);
        }
        else
        {
            SumToStrided(full, shape, small, smallShape, accumulate);
        }
    }

    /// <summary>The pattern of <paramref name="small"/> repeated to <paramref name="full"/>, or null if it does not fit.</summary>
    public static Broadcast? Of(Shape small, Shape full)
    {
        if (small.Rank > full.Rank)
        {
            for (int i = 0; i < small.Rank - full.Rank; i++)
            {
                if (small[i] != 1)
                {
                    return null;
                }
            }
        }

        int offset = full.Rank - small.Rank;
        int first = -1, last = -1;
        for (int i = 0; i < full.Rank; i++)
        {
            int s = i - offset >= 0 ? small[i - offset] : 1;
            if (s == full[i] && s != 1)
            {
                if (first < 0)
                {
                    first = i;
                }
                else if (last != i - 1)
                {
                    return null;
                }

                last = i;
            }
            else if (s != 1)
            {
                return null;
            }
        }

        if (first < 0)
        {
            return new Broadcast(1, full.Size == 0 ? 1 : full.Size);
        }

        int mid = 1, inner = 1;
        for (int i = first; i <= last; i++)
        {
            mid *= full[i];
        }

        for (int i = last + 1; i < full.Rank; i++)
        {
            inner *= full[i];
        }

        return new Broadcast(mid, inner);
    }

    /// <summary>dst[i] = op(full[i], small[(i / Inner) % Mid]), or op(small, full) when <paramref name="smallFirst"/>.</summary>
    public void Apply(BinaryKind kind, ReadOnlySpan<float> full, ReadOnlySpan<float> small, Span<float> dst, bool smallFirst)
    {
        int block = Mid * Inner;
        for (int o = 0; o + block <= full.Length && block > 0; o += block)
        {
            if (Inner == 1)
            {
                var f = full.Slice(o, Mid);
                var d = dst.Slice(o, Mid);
                if (smallFirst)
                {
                    kind.Apply(small[..Mid], f, d);
                }
                else
                {
                    kind.Apply(f, small[..Mid], d);
                }

                continue;
            }

            for (int m = 0; m < Mid; m++)
            {
                var f = full.Slice(o + (m * Inner), Inner);
                var d = dst.Slice(o + (m * Inner), Inner);
                if (smallFirst)
                {
                    kind.Apply(small[m], f, d);
                }
                else
                {
                    kind.Apply(f, small[m], d);
                }
            }
        }
    }

    /// <summary>small (+)= the sum of <paramref name="full"/> over the repeated axes.</summary>
    public void Reduce(ReadOnlySpan<float> full, Span<float> small, bool accumulate)
    {
        if (!accumulate)
        {
            small[..Mid].Clear();
        }

        int block = Mid * Inner;
        for (int o = 0; o + block <= full.Length && block > 0; o += block)
        {
            if (Inner == 1)
            {
                TensorPrimitives.Add(small[..Mid], full.Slice(o, Mid), small[..Mid]);
                continue;
            }

            for (int m = 0; m < Mid; m++)
            {
                small[m] += TensorPrimitives.Sum(full.Slice(o + (m * Inner), Inner));
            }
        }
    }

    private static void CombineStrided(
        BinaryKind kind, ReadOnlySpan<float> x, Shape xShape, ReadOnlySpan<float> y, Shape yShape, Span<float> dst, Shape shape)
    {
        var walk = new StridedWalk(shape, xShape, yShape);
        int n = walk.RowLength;
        for (int o = 0; o < dst.Length; o += n)
        {
            var d = dst.Slice(o, n);
            int xo = walk.FirstOffset, yo = walk.SecondOffset;
            switch (walk.FirstStride, walk.SecondStride)
            {
                case (1, 1): kind.Apply(x.Slice(xo, n), y.Slice(yo, n), d); break;
                case (1, _): kind.Apply(x.Slice(xo, n), y[yo], d); break;
                case (_, 1): kind.Apply(x[xo], y.Slice(yo, n), d); break;
                default:
                    // Both constant along the row: only rows of length 1 get here.
                    kind.Apply(x.Slice(xo, 1), y.Slice(yo, 1), d[..1]);
                    d.Fill(d[0]);
                    break;
            }

            walk.Next();
        }
    }

    private static void SumToStrided(ReadOnlySpan<float> full, Shape shape, Span<float> small, Shape smallShape, bool accumulate)
    {
        if (!accumulate)
        {
            small.Clear();
        }

        var walk = new StridedWalk(shape, shape, smallShape);
        int n = walk.RowLength;
        for (int o = 0; o < full.Length; o += n)
        {
            var row = full.Slice(o, n);
            int so = walk.SecondOffset;
            if (walk.SecondStride == 1)
            {
                var s = small.Slice(so, n);
                TensorPrimitives.Add(s, row, s);
            }
            else
            {
                small[so] += TensorPrimitives.Sum(row);
            }

            walk.Next();
        }
    }
}

/// <summary>
/// Walks an output shape in rows of its innermost axis, tracking where two operands that broadcast to it start each
/// row. Axes of size 1 are dropped and neighbouring axes that both operands step through alike are merged first, so a
/// row is as long as the layouts allow and the innermost stride of each operand is 1 (it varies) or 0 (it repeats).
/// </summary>
internal ref struct StridedWalk
{
    [InlineArray(Shape.MaxRank)]
    private struct Ints
    {
        private int _element0;
    }

    private Ints _dims;
    private Ints _first;
    private Ints _second;
    private Ints _index;
    private readonly int _outerRank;

    public StridedWalk(Shape shape, Shape first, Shape second)
    {
        int rank = 0;
        int firstStride = 1, secondStride = 1;
        Span<int> dims = _dims, fs = _first, ss = _second;

        // From the innermost axis out, in reverse order; reversed below.
        for (int i = shape.Rank - 1; i >= 0; i--)
        {
            int d = shape[i];
            int df = AlignedDim(first, shape.Rank, i), ds = AlignedDim(second, shape.Rank, i);
            int sf = df == 1 ? 0 : firstStride, sd = ds == 1 ? 0 : secondStride;
            firstStride *= df;
            secondStride *= ds;
            if (d == 1)
            {
                continue;
            }

            if (rank > 0 && sf == fs[rank - 1] * dims[rank - 1] && sd == ss[rank - 1] * dims[rank - 1])
            {
                dims[rank - 1] *= d;
                continue;
            }

            dims[rank] = d;
            fs[rank] = sf;
            ss[rank] = sd;
            rank++;
        }

        if (rank == 0)
        {
            dims[0] = 1;
            fs[0] = ss[0] = 0;
            rank = 1;
        }

        dims[..rank].Reverse();
        fs[..rank].Reverse();
        ss[..rank].Reverse();
        _outerRank = rank - 1;
        RowLength = dims[rank - 1];
        FirstStride = fs[rank - 1];
        SecondStride = ss[rank - 1];
    }

    /// <summary>The length of a row: the output is walked in <c>Size / RowLength</c> consecutive rows.</summary>
    public int RowLength { get; }

    /// <summary>The first operand's step along a row: 1, or 0 when it repeats along it.</summary>
    public int FirstStride { get; }

    /// <summary>The second operand's step along a row: 1, or 0 when it repeats along it.</summary>
    public int SecondStride { get; }

    /// <summary>Where the first operand's values for the current row start.</summary>
    public int FirstOffset { get; private set; }

    /// <summary>Where the second operand's values for the current row start.</summary>
    public int SecondOffset { get; private set; }

    /// <summary>Moves to the next row.</summary>
    public void Next()
    {
        for (int a = _outerRank - 1; a >= 0; a--)
        {
            FirstOffset += _first[a];
            SecondOffset += _second[a];
            if (++_index[a] < _dims[a])
            {
                return;
            }

            FirstOffset -= _first[a] * _dims[a];
            SecondOffset -= _second[a] * _dims[a];
            _index[a] = 0;
        }
    }

    // The operand's size along output axis i, its shape aligned on the right (1 where it has no such axis).
    private static int AlignedDim(Shape operand, int rank, int i)
    {
        int j = i - (rank - operand.Rank);
        return j >= 0 ? operand[j] : 1;
    }
}

internal enum BinaryKind
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Maximum,
    Minimum,

    /// <summary>1 where x &gt;= y, else 0: the mask that routes the gradient of a maximum.</summary>
    AtLeast,

    /// <summary>1 where x &lt;= y, else 0: the mask that routes the gradient of a minimum.</summary>
    AtMost,
}

internal static class BinaryKindExtensions
{
    public static void Apply(this BinaryKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryKind.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryKind.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryKind.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryKind.AtLeast: Elementwise.AtLeast(x, y, d); break;
            default: Elementwise.AtLeast(y, x, d); break;
        }
    }

    public static void Apply(this BinaryKind kind, ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryKind.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryKind.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryKind.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryKind.AtLeast: Elementwise.AtLeast(x, y, d); break;
            default: Elementwise.AtMost(x, y, d); break;
        }
    }

    public static void Apply(this BinaryKind kind, float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(y, x, d); break;
            case BinaryKind.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryKind.Maximum: TensorPrimitives.Max(y, x, d); break;
            case BinaryKind.Minimum: TensorPrimitives.Min(y, x, d); break;
            case BinaryKind.AtLeast: Elementwise.AtMost(y, x, d); break;
            default: Elementwise.AtLeast(y, x, d); break;
        }
    }
}
