using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// How a smaller operand repeats over the output of a binary op. Shapes are aligned on the right (NumPy rules); the
/// axes where the small operand is not 1 must be contiguous, so that element i of the output reads element
/// <c>(i / Inner) % Mid</c> of the small operand. This covers a bias <c>[c]</c> over <c>[n, c]</c>, a scalar, and a
/// per-row value <c>[n, 1]</c> over <c>[n, c]</c>.
/// </summary>
internal readonly record struct Broadcast(int Mid, int Inner)
{
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
}

internal enum BinaryKind
{
    Add,
    Subtract,
    Multiply,
    Divide,
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
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    public static void Apply(this BinaryKind kind, ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    public static void Apply(this BinaryKind kind, float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(y, x, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }
}
