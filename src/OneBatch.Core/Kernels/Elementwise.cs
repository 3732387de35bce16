using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>Elementwise kernels that <c>System.Numerics.Tensors.TensorPrimitives</c> does not have.</summary>
public static class Elementwise
{
    /// <summary>d[i] = x[i] &gt; 0 ? 1 : 0 (the derivative of ReLU).</summary>
    public static void Step(ReadOnlySpan<float> x, Span<float> d)
    {
        CheckLengths(x, d);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512.Create(1f);
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                (Vector512.GreaterThan(v, Vector512<float>.Zero) & one).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                (Vector256.GreaterThan(v, Vector256<float>.Zero) & one).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            d[i] = x[i] > 0f ? 1f : 0f;
        }
    }

    /// <summary>dx[i] (+)= y[i] &gt; 0 ? g[i] : 0 (the backward pass of ReLU, in one pass).</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        CheckLengths(y, dx);
        if (g.Length < y.Length)
        {
            throw new ArgumentException($"The gradient holds {g.Length} values; the output has {y.Length}.");
        }

        if (TeamElementwise.Worth(y.Length))
        {
            TeamElementwise.ReluBackward(y, g[..y.Length], dx[..y.Length], accumulate);
            return;
        }

        ReluBackwardCore(y, g, dx, accumulate);
    }

    /// <summary>y = max(x, 0) (NaN stays NaN), on the team's threads when x is long.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x, y);
        if (TeamElementwise.Worth(x.Length))
        {
            TeamElementwise.Relu(x, y[..x.Length]);
            return;
        }

        TensorPrimitives.Max(x, 0f, y);
    }

    /// <summary><see cref="ReluBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, bool)"/> on the calling thread, spans checked.</summary>
    internal static void ReluBackwardCore(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        if (Simd.Use512)
        {
            ReluBackward<Simd512, Vector512<float>>(y, g, dx, accumulate);
        }
        else
        {
            ReluBackward<Simd256, Vector256<float>>(y, g, dx, accumulate);
        }
    }

    private static void ReluBackward<TSimd, TVec>(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        int n = y.Length, w = TSimd.Count, i = 0;
        if (accumulate)
        {
            for (; i + w <= n; i += w)
            {
                var pass = TSimd.SelectWhereGreater(TSimd.Load(ref Unsafe.Add(ref yr, i)), TSimd.Zero, TSimd.Load(ref Unsafe.Add(ref gr, i)), TSimd.Zero);
                TSimd.Store(TSimd.Add(TSimd.Load(ref Unsafe.Add(ref dr, i)), pass), ref Unsafe.Add(ref dr, i));
            }
        }
        else
        {
            for (; i + w <= n; i += w)
            {
                var pass = TSimd.SelectWhereGreater(TSimd.Load(ref Unsafe.Add(ref yr, i)), TSimd.Zero, TSimd.Load(ref Unsafe.Add(ref gr, i)), TSimd.Zero);
                TSimd.Store(pass, ref Unsafe.Add(ref dr, i));
            }
        }

        for (; i < n; i++)
        {
            float pass = Unsafe.Add(ref yr, i) > 0f ? Unsafe.Add(ref gr, i) : 0f;
            Unsafe.Add(ref dr, i) = accumulate ? Unsafe.Add(ref dr, i) + pass : pass;
        }
    }

    /// <summary>d[i] = x[i] &gt;= y[i] ? 1 : 0 (a NaN on either side gives 0).</summary>
    public static void AtLeast(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        CheckLengths(x, d);
        CheckLengths(x, y);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512.Create(1f);
            for (; i + 16 <= x.Length; i += 16)
            {
                var m = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i));
                (m & one).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; i + 8 <= x.Length; i += 8)
            {
                var m = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i));
                (m & one).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            d[i] = x[i] >= y[i] ? 1f : 0f;
        }
    }

    /// <summary>d[i] = x[i] &gt;= y ? 1 : 0 (a NaN on either side gives 0).</summary>
    public static void AtLeast(ReadOnlySpan<float> x, float y, Span<float> d) => Compare(x, y, d, atLeast: true);

    /// <summary>d[i] = x[i] &lt;= y ? 1 : 0 (a NaN on either side gives 0).</summary>
    public static void AtMost(ReadOnlySpan<float> x, float y, Span<float> d) => Compare(x, y, d, atLeast: false);

    private static void Compare(ReadOnlySpan<float> x, float y, Span<float> d, bool atLeast)
    {
        CheckLengths(x, d);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512.Create(1f);
            var yv = Vector512.Create(y);
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var m = atLeast ? Vector512.GreaterThanOrEqual(v, yv) : Vector512.LessThanOrEqual(v, yv);
                (m & one).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            var yv = Vector256.Create(y);
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var m = atLeast ? Vector256.GreaterThanOrEqual(v, yv) : Vector256.LessThanOrEqual(v, yv);
                (m & one).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            d[i] = (atLeast ? x[i] >= y : x[i] <= y) ? 1f : 0f;
        }
    }

    /// <summary>d[i] = sign(x[i]) as -1, 0 or 1 (the derivative of |x|).</summary>
    public static void Sign(ReadOnlySpan<float> x, Span<float> d)
    {
        CheckLengths(x, d);
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            d[i] = v > 0f ? 1f : v < 0f ? -1f : 0f;
        }
    }

    /// <summary>True when every value is finite (no NaN, no infinity).</summary>
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // x - x is 0 for finite x and NaN for NaN or infinity; NaN != NaN.
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                acc += v - v;
            }

            if (!Vector512.EqualsAll(acc, Vector512<float>.Zero))
            {
                return false;
            }
        }

        for (; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckLengths(ReadOnlySpan<float> x, ReadOnlySpan<float> d)
    {
        if (d.Length < x.Length)
        {
            throw new ArgumentException($"The destination holds {d.Length} values; the source has {x.Length}.");
        }
    }
}
