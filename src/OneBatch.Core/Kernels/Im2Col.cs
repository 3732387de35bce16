using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// Unfolds NHWC image patches into rows of a matrix and folds them back, so a convolution becomes one GEMM:
/// row <c>(n, oh, ow)</c> of <c>col [N*OH*OW, KH*KW*C]</c> holds the window at that output position in
/// <c>(kh, kw, c)</c> order, the order of a Keras kernel <c>[KH, KW, C, F]</c> read as <c>[KH*KW*C, F]</c>.
/// </summary>
public static class Im2Col
{
    /// <summary>col = the patches of x (zeros where the window covers padding).</summary>
    public static void Pack(ReadOnlySpan<float> x, Span<float> col, in WindowGeometry g)
    {
        if (x.Length < g.InputSize || col.Length < g.Positions * g.Patch)
        {
            throw new ArgumentException("Im2Col.Pack: the spans are too short for the geometry.");
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float cr = ref MemoryMarshal.GetReference(col);
        int rowLen = g.KW * g.C;
        int patch = g.Patch;
        int r = 0;
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W * g.C;
            for (int oh = 0; oh < g.OH; oh++)
            {
                int top = (oh * g.SH) - g.PadTop;
                for (int ow = 0; ow < g.OW; ow++, r++)
                {
                    int left = (ow * g.SW) - g.PadLeft;
                    int kwFirst = Math.Max(0, -left);
                    int kwLast = Math.Min(g.KW, g.W - left);
                    int count = Math.Max(0, kwLast - kwFirst) * g.C;
                    bool inside = count == rowLen;
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        ref float d = ref Unsafe.Add(ref cr, (r * patch) + (kh * rowLen));
                        int ih = top + kh;
                        if ((uint)ih >= (uint)g.H || count == 0)
                        {
                            Clear(ref d, rowLen);
                            continue;
                        }

                        ref float src = ref Unsafe.Add(ref xr, imageBase + (((ih * g.W) + left + kwFirst) * g.C));
                        if (inside)
                        {
                            Copy(ref src, ref d, rowLen);
                            continue;
                        }

                        Clear(ref d, kwFirst * g.C);
                        Copy(ref src, ref Unsafe.Add(ref d, kwFirst * g.C), count);
                        Clear(ref Unsafe.Add(ref d, kwLast * g.C), (g.KW - kwLast) * g.C);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref float src, ref float dst, int count)
    {
        int i = 0;
        for (; i + 16 <= count; i += 16)
        {
            Vector512.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        }

        for (; i + 8 <= count; i += 8)
        {
            Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(ref float dst, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Unsafe.Add(ref dst, i) = 0f;
        }
    }

    /// <summary>dx (+)= the patches of col added back onto the image (the adjoint of <see cref="Pack"/>).</summary>
    public static void Unpack(ReadOnlySpan<float> col, Span<float> dx, in WindowGeometry g, bool accumulate)
    {
        if (!accumulate)
        {
            dx[..g.InputSize].Clear();
        }

        int rowLen = g.KW * g.C;
        int patch = g.Patch;
        int r = 0;
        for (int n = 0; n < g.N; n++)
        {
            var image = dx.Slice(n * g.H * g.W * g.C, g.H * g.W * g.C);
            for (int oh = 0; oh < g.OH; oh++)
            {
                int top = (oh * g.SH) - g.PadTop;
                for (int ow = 0; ow < g.OW; ow++, r++)
                {
                    int left = (ow * g.SW) - g.PadLeft;
                    var src = col.Slice(r * patch, patch);
                    int kwFirst = Math.Max(0, -left);
                    int kwLast = Math.Min(g.KW, g.W - left);
                    if (kwFirst >= kwLast)
                    {
                        continue;
                    }

                    int count = (kwLast - kwFirst) * g.C;
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        int ih = top + kh;
                        if ((uint)ih >= (uint)g.H)
                        {
                            continue;
                        }

                        var d = image.Slice(((ih * g.W) + left + kwFirst) * g.C, count);
                        TensorPrimitives.Add(d, src.Slice((kh * rowLen) + (kwFirst * g.C), count), d);
                    }
                }
            }
        }
    }
}
