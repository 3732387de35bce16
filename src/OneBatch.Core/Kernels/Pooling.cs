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
        if (x.Length < g.InputSize || y.Length < (long)g.N * g.OH * g.OW * g.C || argmax.Length < y.Length)
        {
            throw new ArgumentException("MaxForward: the spans are too short for the geometry.");
        }

        RequireDense(g);
        if (Shared(g.N, (long)g.N * g.OH * g.OW * g.C))
        {
            Share(PoolPass.MaxForward, x, y, argmax, g, g.InputSize, false);
            return;
        }

        MaxForwardImages(x, y, argmax, g, 0, g.N);
    }

    // Images [n0, n1): argmax holds indices into the whole of x.
    private static void MaxForwardImages(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, in WindowGeometry g, int n0, int n1)
    {
        int c = g.C;
        int o = n0 * g.OH * g.OW * c;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref int ar = ref MemoryMarshal.GetReference(argmax);
        for (int n = n0; n < n1; n++)
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
        => MaxBackward(dy, argmax, dx, inputSize, accumulate, 1);

    /// <summary>
    /// dx (+)= dy routed to where each max came from, for a batch of <paramref name="images"/> whose windows each stay
    /// within their image (so the images' parts of dx can be written by different threads).
    /// </summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argmax, Span<float> dx, int inputSize, bool accumulate, int images)
    {
        if (argmax.Length < dy.Length || dx.Length < inputSize || images <= 0 || dy.Length % images != 0 || inputSize % images != 0)
        {
            throw new ArgumentException("MaxBackward: the spans do not fit the batch.");
        }

        if (Shared(images, dy.Length))
        {
            // Only N and the input size are read: the pass knows nothing else of the window.
            var g = new WindowGeometry(images, 1, inputSize / images, 1, 1, 1, 1, 1, 1, dy.Length / images, 0, 0);
            Share(
                PoolPass.MaxBackward,
                dx,
                MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(dy), dy.Length),
                MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(argmax), argmax.Length),
                g,
                inputSize,
                accumulate);
            return;
        }

        MaxBackwardRange(dy, argmax, dx, accumulate, 0, inputSize, 0, dy.Length);
    }

    // Outputs [o0, o1), whose maxima all lie in dx[i0, i1).
    private static void MaxBackwardRange(ReadOnlySpan<float> dy, ReadOnlySpan<int> argmax, Span<float> dx, bool accumulate, int i0, int i1, int o0, int o1)
    {
        if (!accumulate)
        {
            dx[i0..i1].Clear();
        }

        ref float d = ref MemoryMarshal.GetReference(dx);
        for (int i = o0; i < o1; i++)
        {
            int at = argmax[i];
            if ((uint)(at - i0) >= (uint)(i1 - i0))
            {
                throw new ArgumentException("MaxBackward: an argmax outside its image.");
            }

            Unsafe.Add(ref d, at) += dy[i];
        }
    }

    // Pools of at least this many outputs over at least SharedUnits images are shared by images among the team: they
    // are passes over megabytes (the large CNN's first pool reads 16 MB) that one core's bandwidth limits.
    private const long SharedMinOutputs = 1L << 16;

    private const int SharedUnits = 4;

    [ThreadStatic]
    private static PoolWork? t_work;

    private static bool Shared(int images, long outputs) => images >= SharedUnits && outputs >= SharedMinOutputs;

    private static unsafe void Share(PoolPass pass, ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, in WindowGeometry g, int inputSize, bool accumulate)
    {
        fixed (float* px = x, py = y)
        fixed (int* pa = argmax)
        {
            var work = t_work ??= new PoolWork();
            work.Set(pass, px, x.Length, py, y.Length, pa, argmax.Length, g, inputSize, accumulate);
            GemmTeam.RunWork(work, SharedUnits);
        }
    }

    private enum PoolPass
    {
        MaxForward,
        MaxBackward,
    }

    /// <summary>A pool pass over raw pointers (pinned by the caller while it runs), unit u doing images [u*N/units, (u+1)*N/units).</summary>
    private sealed unsafe class PoolWork : ITeamWork
    {
        private PoolPass _pass;
        private float* _x;
        private int _xLength;
        private float* _y;
        private int _yLength;
        private int* _argmax;
        private int _argmaxLength;
        private WindowGeometry _g;
        private int _inputSize;
        private bool _accumulate;

        public void Set(PoolPass pass, float* x, int xLength, float* y, int yLength, int* argmax, int argmaxLength, in WindowGeometry g, int inputSize, bool accumulate)
        {
            _pass = pass;
            _x = x;
            _xLength = xLength;
            _y = y;
            _yLength = yLength;
            _argmax = argmax;
            _argmaxLength = argmaxLength;
            _g = g;
            _inputSize = inputSize;
            _accumulate = accumulate;
        }

        public void RunUnit(int unit)
        {
            int n0 = (int)((long)unit * _g.N / SharedUnits), n1 = (int)((long)(unit + 1) * _g.N / SharedUnits);
            var argmax = new Span<int>(_argmax, _argmaxLength);
            if (_pass == PoolPass.MaxForward)
            {
                MaxForwardImages(new ReadOnlySpan<float>(_x, _xLength), new Span<float>(_y, _yLength), argmax, _g, n0, n1);
                return;
            }

            // MaxBackward: x is dx, y is dy; per image inputSize / N inputs and OW outputs (see MaxBackward).
            int inputs = _inputSize / _g.N, outputs = _g.OW;
            MaxBackwardRange(new ReadOnlySpan<float>(_y, _yLength), argmax, new Span<float>(_x, _xLength), _accumulate, n0 * inputs, n1 * inputs, n0 * outputs, n1 * outputs);
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
