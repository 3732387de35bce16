using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// Max and average pooling over NHWC images, <c>x [N, H, W, C] -> y [N, OH, OW, C]</c>. Windows are clipped to the
/// image: padding never wins a max and is not counted in an average (Keras's "same" pooling).
/// </summary>
public static class Pooling
{
    /// <summary>y = the max of each window; <paramref name="argmax"/>[i] = the index into x that y[i] came from (the first, on ties).</summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, in WindowGeometry g)
    {
        if (x.Length < g.InputSize || y.Length < g.N * g.OH * g.OW * g.C || argmax.Length < y.Length)
        {
            throw new ArgumentException("MaxForward: the spans are too short for the geometry.");
        }

        RequireDense(g);

        int c = g.C;
        int o = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref int ar = ref MemoryMarshal.GetReference(argmax);
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W;
            for (int oh = 0; oh < g.OH; oh++)
            {
                var (h0, h1) = Clip(oh, g.SH, g.PadTop, g.KH, g.H);
                for (int ow = 0; ow < g.OW; ow++, o += c)
                {
                    var (w0, w1) = Clip(ow, g.SW, g.PadLeft, g.KW, g.W);
                    var window = new Window(imageBase, h0, h1, w0, w1, g.W, c);
                    int ch = 0;
                    if (Simd.Use512)
                    {
                        for (; ch + Simd512.Count <= c; ch += Simd512.Count)
                        {
                            MaxBlock<Simd512, Vector512<float>>(ref xr, ref Unsafe.Add(ref yr, o + ch), ref Unsafe.Add(ref ar, o + ch), window, ch);
                        }
                    }

                    for (; ch + Simd256.Count <= c; ch += Simd256.Count)
                    {
                        MaxBlock<Simd256, Vector256<float>>(ref xr, ref Unsafe.Add(ref yr, o + ch), ref Unsafe.Add(ref ar, o + ch), window, ch);
                    }

                    for (; ch < c; ch++)
                    {
                        int best = window.Offset(h0, w0) + ch;
                        float max = x[best];
                        for (int ih = h0; ih < h1; ih++)
                        {
                            for (int iw = w0; iw < w1; iw++)
                            {
                                int at = window.Offset(ih, iw) + ch;
                                if (x[at] > max)
                                {
                                    max = x[at];
                                    best = at;
                                }
                            }
                        }

                        y[o + ch] = max;
                        argmax[o + ch] = best;
                    }
                }
            }
        }
    }

    /// <summary>The image elements [H0, H1) x [W0, W1) of one window and where they lie in x.</summary>
    private readonly record struct Window(int ImageBase, int H0, int H1, int W0, int W1, int Width, int Channels)
    {
        public int Offset(int ih, int iw) => (ImageBase + (ih * Width) + iw) * Channels;
    }

    // One vector of channels of one window: the max and, lane by lane, the index it came from (int bits in a float vector).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxBlock<TSimd, TVec>(ref float x, ref float y, ref int argmax, in Window w, int ch)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int first = w.Offset(w.H0, w.W0) + ch;
        var max = TSimd.Load(ref Unsafe.Add(ref x, first));
        var arg = TSimd.Indices(first);
        for (int ih = w.H0; ih < w.H1; ih++)
        {
            for (int iw = ih == w.H0 ? w.W0 + 1 : w.W0; iw < w.W1; iw++)
            {
                int at = w.Offset(ih, iw) + ch;
                var v = TSimd.Load(ref Unsafe.Add(ref x, at));
                arg = TSimd.SelectWhereGreater(v, max, TSimd.Indices(at), arg);
                max = TSimd.SelectWhereGreater(v, max, v, max);
            }
        }

        TSimd.Store(max, ref y);
        TSimd.Store(arg, ref Unsafe.As<int, float>(ref argmax));
    }

    // Pool windows are never dilated; a dilated geometry here would silently pool the wrong elements.
    private static void RequireDense(in WindowGeometry g)
    {
        if (!g.IsDense)
        {
            throw new ArgumentException("Pooling windows cannot be dilated.");
        }
    }

    /// <summary>dx (+)= dy routed to where each max came from.</summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argmax, Span<float> dx, int inputSize, bool accumulate)
    {
        if (!accumulate)
        {
            dx[..inputSize].Clear();
        }

        for (int i = 0; i < dy.Length; i++)
        {
            dx[argmax[i]] += dy[i];
        }
    }

    /// <summary>y = the mean of the image elements in each window.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> y, in WindowGeometry g)
    {
        RequireDense(g);
        int c = g.C;
        int o = 0;
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W;
            for (int oh = 0; oh < g.OH; oh++)
            {
                var (h0, h1) = Clip(oh, g.SH, g.PadTop, g.KH, g.H);
                for (int ow = 0; ow < g.OW; ow++, o += c)
                {
                    var (w0, w1) = Clip(ow, g.SW, g.PadLeft, g.KW, g.W);
                    var ys = y.Slice(o, c);
                    ys.Clear();
                    for (int ih = h0; ih < h1; ih++)
                    {
                        for (int iw = w0; iw < w1; iw++)
                        {
                            TensorPrimitives.Add(ys, x.Slice((imageBase + (ih * g.W) + iw) * c, c), ys);
                        }
                    }

                    TensorPrimitives.Multiply(ys, 1f / ((h1 - h0) * (w1 - w0)), ys);
                }
            }
        }
    }

    /// <summary>dx (+)= dy spread evenly over the image elements of each window.</summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, Span<float> dx, in WindowGeometry g, bool accumulate)
    {
        RequireDense(g);
        if (!accumulate)
        {
            dx[..g.InputSize].Clear();
        }

        int c = g.C;
        int o = 0;
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W;
            for (int oh = 0; oh < g.OH; oh++)
            {
                var (h0, h1) = Clip(oh, g.SH, g.PadTop, g.KH, g.H);
                for (int ow = 0; ow < g.OW; ow++, o += c)
                {
                    var (w0, w1) = Clip(ow, g.SW, g.PadLeft, g.KW, g.W);
                    var gs = dy.Slice(o, c);
                    float share = 1f / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++)
                    {
                        for (int iw = w0; iw < w1; iw++)
                        {
                            var d = dx.Slice((imageBase + (ih * g.W) + iw) * c, c);
                            TensorPrimitives.MultiplyAdd(gs, share, d, d);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The image rows (or columns) [first, last) that window <paramref name="o"/> covers.</summary>
    private static (int First, int Last) Clip(int o, int stride, int pad, int window, int size)
    {
        int start = (o * stride) - pad;
        return (Math.Max(start, 0), Math.Min(start + window, size));
    }
}
