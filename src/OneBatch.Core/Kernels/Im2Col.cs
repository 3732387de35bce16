using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// Unfolds NHWC image patches into rows of a matrix and folds them back, so a convolution becomes a GEMM:
/// row <c>(n, oh, ow)</c> of <c>col [N*OH*OW, KH*KW*C]</c> holds the window at that output position in
/// <c>(kh, kw, c)</c> order, the order of a Keras kernel <c>[KH, KW, C, F]</c> read as <c>[KH*KW*C, F]</c>.
/// Both directions work on a range of rows, so a caller can go through the matrix in cache-sized blocks. A dilated
/// window (DH, DW > 1) reads elements that many rows or columns apart; the patch row stays in the same order.
/// </summary>
public static class Im2Col
{
    /// <summary>col = the patches of x (zeros where the window covers padding).</summary>
    public static void Pack(ReadOnlySpan<float> x, Span<float> col, in WindowGeometry g) => Pack(x, col, g, 0, g.Positions);

    /// <summary>col <c>[rows, Patch]</c> = rows [first, first + rows) of the patch matrix of x.</summary>
    public static void Pack(ReadOnlySpan<float> x, Span<float> col, in WindowGeometry g, int first, int rows)
    {
        if (x.Length < g.InputSize || col.Length < (long)rows * g.Patch || first < 0 || first + rows > g.Positions)
        {
            throw new ArgumentException("Im2Col.Pack: the spans or the row range do not fit the geometry.");
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float cr = ref MemoryMarshal.GetReference(col);

        // The geometry in locals (stores into col could alias g, as far as the JIT knows, so it would reload every field),
        // and the window's position stepped along rather than divided out of the row index for every row.
        int c = g.C, kh0 = g.KH, kw0 = g.KW, h = g.H, w = g.W, dh = g.DH, dw = g.DW, sw = g.SW, ow0 = g.OW;
        int rowLen = kw0 * c;
        int patch = g.Patch;
        var (imageBase, top, left) = Locate(g, first);
        int ow = first % ow0;
        for (int r = 0; r < rows; r++)
        {
            if (r > 0)
            {
                if (++ow == ow0)
                {
                    (imageBase, top, left) = Locate(g, first + r);
                    ow = 0;
                }
                else
                {
                    left += sw;
                }
            }

            var (kwFirst, kwLast) = Columns(g, left);
            int count = Math.Max(0, kwLast - kwFirst) * c;
            ref float row = ref Unsafe.Add(ref cr, r * patch);
            for (int kh = 0; kh < kh0; kh++)
            {
                ref float d = ref Unsafe.Add(ref row, kh * rowLen);
                int ih = top + (kh * dh);
                if ((uint)ih >= (uint)h || count == 0)
                {
                    Clear(ref d, rowLen);
                    continue;
                }

                ref float src = ref Unsafe.Add(ref xr, imageBase + (((ih * w) + left + (kwFirst * dw)) * c));
                if (count == rowLen && dw == 1)
                {
                    Copy(ref src, ref d, rowLen);
                    continue;
                }

                Clear(ref d, kwFirst * c);
                if (dw == 1)
                {
                    Copy(ref src, ref Unsafe.Add(ref d, kwFirst * c), count);
                }
                else
                {
                    // Dilated: the window's elements are DW columns apart in x but adjacent in the patch row.
                    for (int kw = kwFirst; kw < kwLast; kw++)
                    {
                        Copy(ref Unsafe.Add(ref src, (kw - kwFirst) * dw * c), ref Unsafe.Add(ref d, kw * c), c);
                    }
                }

                Clear(ref Unsafe.Add(ref d, kwLast * c), (kw0 - kwLast) * c);
            }
        }
    }

    /// <summary>dx (+)= the patches of col added back onto the image (the adjoint of <see cref="Pack(ReadOnlySpan{float}, Span{float}, in WindowGeometry)"/>).</summary>
    public static void Unpack(ReadOnlySpan<float> col, Span<float> dx, in WindowGeometry g, bool accumulate)
    {
        if (!accumulate)
        {
            dx[..g.InputSize].Clear();
        }

        Unpack(col, dx, g, 0, g.Positions);
    }

    /// <summary>dx += rows [first, first + rows) of a patch matrix, given as col <c>[rows, Patch]</c>, added back onto the image.</summary>
    public static void Unpack(ReadOnlySpan<float> col, Span<float> dx, in WindowGeometry g, int first, int rows)
    {
        if (dx.Length < g.InputSize || col.Length < (long)rows * g.Patch || first < 0 || first + rows > g.Positions)
        {
            throw new ArgumentException("Im2Col.Unpack: the spans or the row range do not fit the geometry.");
        }

        ref float cr = ref MemoryMarshal.GetReference(col);
        ref float dr = ref MemoryMarshal.GetReference(dx);

        // As in Pack: the geometry in locals, the window's position stepped along.
        int c = g.C, kh0 = g.KH, kw0 = g.KW, h = g.H, w = g.W, dh = g.DH, dw = g.DW, sw = g.SW, ow0 = g.OW;
        int rowLen = kw0 * c;
        int patch = g.Patch;
        var (imageBase, top, left) = Locate(g, first);
        int ow = first % ow0;
        for (int r = 0; r < rows; r++)
        {
            if (r > 0)
            {
                if (++ow == ow0)
                {
                    (imageBase, top, left) = Locate(g, first + r);
                    ow = 0;
                }
                else
                {
                    left += sw;
                }
            }

            var (kwFirst, kwLast) = Columns(g, left);
            if (kwFirst >= kwLast)
            {
                continue;
            }

            int count = (kwLast - kwFirst) * c;
            for (int kh = 0; kh < kh0; kh++)
            {
                int ih = top + (kh * dh);
                if ((uint)ih >= (uint)h)
                {
                    continue;
                }

                ref float src = ref Unsafe.Add(ref cr, (r * patch) + (kh * rowLen) + (kwFirst * c));
                ref float dst = ref Unsafe.Add(ref dr, imageBase + (((ih * w) + left + (kwFirst * dw)) * c));
                if (dw == 1)
                {
                    AddTo(ref src, ref dst, count);
                    continue;
                }

                for (int kw = 0; kw < kwLast - kwFirst; kw++)
                {
                    AddTo(ref Unsafe.Add(ref src, kw * c), ref Unsafe.Add(ref dst, kw * dw * c), c);
                }
            }
        }
    }

    /// <summary>For patch row p = (n, oh, ow): the offset of image n in x, and the window's top row and left column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int ImageBase, int Top, int Left) Locate(in WindowGeometry g, int p)
    {
        int n = Math.DivRem(p, g.OH * g.OW, out int rest);
        int oh = Math.DivRem(rest, g.OW, out int ow);
        return (n * g.H * g.W * g.C, (oh * g.SH) - g.PadTop, (ow * g.SW) - g.PadLeft);
    }

    /// <summary>The window columns [first, last) that fall inside the image for a window whose left edge is at <paramref name="left"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Last) Columns(in WindowGeometry g, int left)
    {
        if (g.DW == 1)
        {
            return (Math.Max(0, -left), Math.Min(g.KW, g.W - left));
        }

        // Column kw reads left + kw * DW: inside when 0 <= that < W.
        int first = left >= 0 ? 0 : (-left + g.DW - 1) / g.DW;
        int last = g.W - left <= 0 ? 0 : Math.Min(g.KW, (g.W - left + g.DW - 1) / g.DW);
        return (Math.Min(first, g.KW), last);
    }

    // dst = src over count floats. Patch rows are short (KW * C: 9 floats for an RGB 3x3 window), where a call to the
    // library's copy costs more than the copy: whole vectors, then one last vector ending at count (it may overlap the
    // one before; src and dst never overlap each other).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref float src, ref float dst, int count)
    {
        if (count >= Vector256<float>.Count)
        {
            int i = 0;
            for (; i + Vector256<float>.Count < count; i += Vector256<float>.Count)
            {
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            }

            nuint last = (nuint)(count - Vector256<float>.Count);
            Vector256.LoadUnsafe(ref src, last).StoreUnsafe(ref dst, last);
        }
        else if (count >= Vector128<float>.Count)
        {
            Vector128.LoadUnsafe(ref src).StoreUnsafe(ref dst);
            nuint last = (nuint)(count - Vector128<float>.Count);
            Vector128.LoadUnsafe(ref src, last).StoreUnsafe(ref dst, last);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
            }
        }
    }

    // Like Copy: the stretches of padding are a few floats, too short for a library call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(ref float dst, int count)
    {
        int i = 0;
        for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
        {
            Vector256<float>.Zero.StoreUnsafe(ref dst, (nuint)i);
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref dst, i) = 0f;
        }
    }

    // dst += src over count floats; rows of a patch are short (kw * C), so this stays inlined rather than a library call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(ref float src, ref float dst, int count)
    {
        int i = Simd.Use512 ? AddVectors<Simd512, Vector512<float>>(ref src, ref dst, count) : 0;
        i += AddVectors<Simd256, Vector256<float>>(ref Unsafe.Add(ref src, i), ref Unsafe.Add(ref dst, i), count - i);
        for (; i < count; i++)
        {
            Unsafe.Add(ref dst, i) += Unsafe.Add(ref src, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddVectors<TSimd, TVec>(ref float src, ref float dst, int count)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int i = 0;
        for (; i + TSimd.Count <= count; i += TSimd.Count)
        {
            ref float d = ref Unsafe.Add(ref dst, i);
            TSimd.Store(TSimd.Add(TSimd.Load(ref d), TSimd.Load(ref Unsafe.Add(ref src, i))), ref d);
        }

        return i;
    }
}
