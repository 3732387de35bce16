using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace OneBatch.Kernels;

/// <summary>
/// Depthwise 2-D convolution (Keras's DepthwiseConv2D) of NHWC images: each input channel c is convolved with its own
/// <c>M</c> kernels, output channel <c>c * M + m</c> reading only channel c:
/// <c>y[n, oh, ow, c * M + m] = sum_{i, j} x[n, oh * SH - PadTop + i * DH, ow * SW - PadLeft + j * DW, c] * k[i, j, c, m]</c>
/// with kernel <c>[KH, KW, C, M]</c>. A GEMM would have nothing to multiply (one input channel per output), so the
/// kernels run straight over the images with the vector lanes across channels: a kernel laid out
/// <c>[KH, KW, C * M]</c> lines up with the output channels, and with M above 1 each image is first widened to
/// <c>C * M</c> channels (every channel repeated M times) so the same loops serve. Each output sums its taps in
/// registers (forward), each input element gathers the taps that read it (backward to x), and the kernel gradient
/// runs along output rows. Large batches are shared out by images among the <see cref="GemmTeam"/>'s threads; the
/// kernel gradient sums one partial per unit, always in unit order, so results do not depend on the thread count.
/// </summary>
public static class DepthwiseConvolution
{
    // Multiply-adds past which the images are shared out among the team (below it, waking a thread costs more).
    private const long SharedMinWork = 1L << 20;

    // A fixed count, not the core count: the kernel gradient sums one partial per unit in unit order.
    private const int SharedUnits = 4;

    [ThreadStatic]
    private static DepthwiseWork? t_work;

    /// <summary>y = depthwise(x, kernel) + bias (none when <paramref name="bias"/> is empty), y <c>[N, OH, OW, C * M]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int multiplier)
    {
        Check(x.Length, kernel.Length, y.Length, g, multiplier);
        if (!bias.IsEmpty && bias.Length != g.C * multiplier)
        {
            throw new ArgumentException($"Depthwise convolution: a bias of {bias.Length} values for {g.C * multiplier} output channels.");
        }

        Run(DepthwisePass.Forward, x, kernel, bias, y, g, multiplier, false);
    }

    /// <summary>dx (+)= the gradient of depthwise(x, kernel) with respect to x, given dy <c>[N, OH, OW, C * M]</c>.</summary>
    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> kernel, Span<float> dx, in WindowGeometry g, int multiplier, bool accumulate)
    {
        Check(dx.Length, kernel.Length, dy.Length, g, multiplier);
        Run(DepthwisePass.BackwardInput, default, kernel, dy, dx, g, multiplier, accumulate);
    }

    /// <summary>dKernel (+)= the gradient with respect to the kernel <c>[KH, KW, C, M]</c>, given x and dy.</summary>
    public static void BackwardKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dKernel, in WindowGeometry g, int multiplier, bool accumulate)
    {
        Check(x.Length, dKernel.Length, dy.Length, g, multiplier);
        Run(DepthwisePass.BackwardKernel, x, default, dy, dKernel, g, multiplier, accumulate);
    }

    private static void Check(int input, int kernel, int output, in WindowGeometry g, int multiplier)
    {
        if (multiplier <= 0)
        {
            throw new ArgumentException($"Depthwise convolution: the depth multiplier must be positive; got {multiplier}.");
        }

        if (input < g.InputSize || kernel < g.KH * g.KW * g.C * multiplier || output < g.Positions * g.C * multiplier)
        {
            throw new ArgumentException("Depthwise convolution: the spans do not fit the geometry and depth multiplier.");
        }
    }

    // Forward: a = x, b = bias, dst = y. BackwardInput: b = dy, dst = dx. BackwardKernel: a = x, b = dy, dst = dKernel.
    private static unsafe void Run(
        DepthwisePass pass, ReadOnlySpan<float> a, ReadOnlySpan<float> kernel, ReadOnlySpan<float> b, Span<float> dst, in WindowGeometry g, int multiplier, bool accumulate)
    {
        long work = (long)g.Positions * g.C * multiplier * g.KH * g.KW;
        bool shared = g.N >= SharedUnits && work >= SharedMinWork;
        int kernelSize = g.KH * g.KW * g.C * multiplier;
        fixed (float* pa = a, pk = kernel, pb = b, pd = dst)
        {
            if (!shared)
            {
                var t = new DepthwiseTask(pass, pa, pk, pb, pd, null, g, multiplier, 1, accumulate, b.Length);
                RunImages(t, 0, g.N, pd);
                return;
            }

            var partials = pass == DepthwisePass.BackwardKernel ? Scratch.Get(Scratch.ConvolutionPartials, SharedUnits * kernelSize) : null;
            fixed (float* pp = partials)
            {
                var work2 = t_work ??= new DepthwiseWork();
                work2.Task = new DepthwiseTask(pass, pa, pk, pb, pd, pp, g, multiplier, SharedUnits, accumulate, b.Length);
                GemmTeam.RunWork(work2, SharedUnits);
                if (pass != DepthwisePass.BackwardKernel)
                {
                    return;
                }

                var d = dst[..kernelSize];
                var p = partials.AsSpan(0, SharedUnits * kernelSize);
                if (accumulate)
                {
                    TensorPrimitives.Add(d, p[..kernelSize], d);
                }
                else
                {
                    p[..kernelSize].CopyTo(d);
                }

                for (int u = 1; u < SharedUnits; u++)
                {
                    TensorPrimitives.Add(d, p.Slice(u * kernelSize, kernelSize), d);
                }
            }
        }
    }

    /// <summary>Images [n0, n1) of a pass; the kernel gradient goes to <paramref name="dKernel"/> (the unit's partial when shared).</summary>
    private static unsafe void RunImages(in DepthwiseTask t, int n0, int n1, float* dKernel)
    {
        ref readonly WindowGeometry g = ref t.Geometry;
        int m = t.Multiplier, depth = g.C * m;
        int image = g.H * g.W * g.C, wide = g.H * g.W * depth, outImage = g.OH * g.OW * depth;
        var kernel = new ReadOnlySpan<float>(t.Kernel, g.KH * g.KW * depth);
        switch (t.Pass)
        {
            case DepthwisePass.Forward:
            {
                var bias = new ReadOnlySpan<float>(t.B, t.BLength);
                for (int n = n0; n < n1; n++)
                {
                    var x = Widen(new ReadOnlySpan<float>(t.A + ((long)n * image), image), g, m);
                    ForwardImage(x, kernel, bias, new Span<float>(t.Dst + ((long)n * outImage), outImage), g, depth);
                }

                break;
            }

            case DepthwisePass.BackwardInput:
                for (int n = n0; n < n1; n++)
                {
                    var dy = new ReadOnlySpan<float>(t.B + ((long)n * outImage), outImage);
                    var dx = new Span<float>(t.Dst + ((long)n * image), image);
                    if (m == 1 && !t.Accumulate)
                    {
                        BackwardInputImage(dy, kernel, dx, g, depth);
                        continue;
                    }

                    var dWide = Scratch.Get(Scratch.Depthwise, wide).AsSpan(0, wide);
                    BackwardInputImage(dy, kernel, dWide, g, depth);
                    Narrow(dWide, dx, m, t.Accumulate);
                }

                break;

            default:
            {
                var dk = new Span<float>(dKernel, g.KH * g.KW * depth);
                if (!t.Accumulate || t.Units > 1)
                {
                    dk.Clear();
                }

                for (int n = n0; n < n1; n++)
                {
                    var x = Widen(new ReadOnlySpan<float>(t.A + ((long)n * image), image), g, m);
                    BackwardKernelImage(x, new ReadOnlySpan<float>(t.B + ((long)n * outImage), outImage), dk, g, depth);
                }

                break;
            }
        }
    }

    /// <summary>One image with each channel repeated M times (the image itself when M is 1), in this thread's scratch.</summary>
    private static ReadOnlySpan<float> Widen(ReadOnlySpan<float> x, in WindowGeometry g, int m)
    {
        if (m == 1)
        {
            return x;
        }

        int pixels = g.H * g.W;
        var wide = Scratch.Get(Scratch.Depthwise, pixels * g.C * m).AsSpan(0, pixels * g.C * m);
        for (int i = 0, o = 0; i < x.Length; i++, o += m)
        {
            wide.Slice(o, m).Fill(x[i]);
        }

        return wide;
    }

    /// <summary>dx[p, c] (+)= sum_m dWide[p, c * M + m]: the gradient of <see cref="Widen"/>.</summary>
    private static void Narrow(ReadOnlySpan<float> dWide, Span<float> dx, int m, bool accumulate)
    {
        for (int i = 0, o = 0; i < dx.Length; i++, o += m)
        {
            float sum = 0f;
            for (int j = 0; j < m; j++)
            {
                sum += dWide[o + j];
            }

            dx[i] = accumulate ? dx[i] + sum : sum;
        }
    }

    // Each width covers the channels the wider one left: 512-bit blocks, then 256-bit, then one lane at a time.
    private static void ForwardImage(ReadOnlySpan<float> x, ReadOnlySpan<float> k, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int depth)
    {
        int d = Simd.Use512 ? ForwardChannels<Simd512, Vector512<float>>(x, k, bias, y, g, depth, 0) : 0;
        d = ForwardChannels<Simd256, Vector256<float>>(x, k, bias, y, g, depth, d);
        ForwardChannels<SimdScalar, float>(x, k, bias, y, g, depth, d);
    }

    private static void BackwardInputImage(ReadOnlySpan<float> dy, ReadOnlySpan<float> k, Span<float> dx, in WindowGeometry g, int depth)
    {
        int d = Simd.Use512 ? BackwardInputChannels<Simd512, Vector512<float>>(dy, k, dx, g, depth, 0) : 0;
        d = BackwardInputChannels<Simd256, Vector256<float>>(dy, k, dx, g, depth, d);
        BackwardInputChannels<SimdScalar, float>(dy, k, dx, g, depth, d);
    }

    private static void BackwardKernelImage(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dk, in WindowGeometry g, int depth)
    {
        int d = Simd.Use512 ? BackwardKernelChannels<Simd512, Vector512<float>>(x, dy, dk, g, depth, 0) : 0;
        d = BackwardKernelChannels<Simd256, Vector256<float>>(x, dy, dk, g, depth, d);
        BackwardKernelChannels<SimdScalar, float>(x, dy, dk, g, depth, d);
    }

    /// <summary>
    /// y[oh, ow, d] = bias[d] + sum of the taps, for the channels from <paramref name="d0"/> that whole vectors cover,
    /// up to four vectors at a time held in registers; returns where it stopped.
    /// </summary>
    private static int ForwardChannels<TSimd, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> k, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int depth, int d0)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        int end = d0 + ((depth - d0) / w * w);
        if (end == d0)
        {
            return d0;
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float kr = ref MemoryMarshal.GetReference(k);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float br = ref MemoryMarshal.GetReference(bias);
        bool hasBias = !bias.IsEmpty;
        int rowStride = g.W * depth, tapRow = g.KW * depth;
        for (int oh = 0; oh < g.OH; oh++)
        {
            int top = (oh * g.SH) - g.PadTop;
            var (khFirst, khLast) = Taps(top, g.DH, g.KH, g.H);
            for (int ow = 0; ow < g.OW; ow++)
            {
                int left = (ow * g.SW) - g.PadLeft;
                var (kwFirst, kwLast) = Taps(left, g.DW, g.KW, g.W);
                ref float yp = ref Unsafe.Add(ref yr, ((oh * g.OW) + ow) * depth);
                for (int d = d0; d < end; d += 4 * w)
                {
                    int vectors = Math.Min(4, (end - d) / w);
                    TVec a0 = hasBias ? TSimd.Load(ref Unsafe.Add(ref br, d)) : TSimd.Zero;
                    TVec a1 = hasBias && vectors > 1 ? TSimd.Load(ref Unsafe.Add(ref br, d + w)) : TSimd.Zero;
                    TVec a2 = hasBias && vectors > 2 ? TSimd.Load(ref Unsafe.Add(ref br, d + (2 * w))) : TSimd.Zero;
                    TVec a3 = hasBias && vectors > 3 ? TSimd.Load(ref Unsafe.Add(ref br, d + (3 * w))) : TSimd.Zero;
                    for (int kh = khFirst; kh < khLast; kh++)
                    {
                        // Offsets stay ints until they land inside the image: a reference before an array's start is not allowed.
                        int xRow = ((top + (kh * g.DH)) * rowStride) + (left * depth) + d;
                        int kRow = (kh * tapRow) + d;
                        for (int kw = kwFirst; kw < kwLast; kw++)
                        {
                            ref float xp = ref Unsafe.Add(ref xr, xRow + (kw * g.DW * depth));
                            ref float kp = ref Unsafe.Add(ref kr, kRow + (kw * depth));
                            a0 = TSimd.MultiplyAdd(TSimd.Load(ref xp), TSimd.Load(ref kp), a0);
                            if (vectors > 1)
                            {
                                a1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref xp, w)), TSimd.Load(ref Unsafe.Add(ref kp, w)), a1);
                                if (vectors > 2)
                                {
                                    a2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref xp, 2 * w)), TSimd.Load(ref Unsafe.Add(ref kp, 2 * w)), a2);
                                    if (vectors > 3)
                                    {
                                        a3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref xp, 3 * w)), TSimd.Load(ref Unsafe.Add(ref kp, 3 * w)), a3);
                                    }
                                }
                            }
                        }
                    }

                    Store<TSimd, TVec>(ref Unsafe.Add(ref yp, d), w, vectors, a0, a1, a2, a3);
                }
            }
        }

        return end;
    }

    /// <summary>
    /// dx[ih, iw, d] = the sum over the taps (kh, kw) that read (ih, iw) of dy[oh, ow, d] * k[kh, kw, d], where
    /// <c>ih = oh * SH - PadTop + kh * DH</c> (and likewise for columns): each input element gathers, so nothing is added twice.
    /// </summary>
    private static int BackwardInputChannels<TSimd, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> k, Span<float> dx, in WindowGeometry g, int depth, int d0)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        int end = d0 + ((depth - d0) / w * w);
        if (end == d0)
        {
            return d0;
        }

        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float kr = ref MemoryMarshal.GetReference(k);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        for (int ih = 0; ih < g.H; ih++)
        {
            for (int iw = 0; iw < g.W; iw++)
            {
                ref float dp = ref Unsafe.Add(ref dr, ((ih * g.W) + iw) * depth);
                for (int d = d0; d < end; d += 4 * w)
                {
                    int vectors = Math.Min(4, (end - d) / w);
                    TVec a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        int t = ih + g.PadTop - (kh * g.DH);
                        if (t < 0)
                        {
                            break;
                        }

                        int oh = Math.DivRem(t, g.SH, out int rh);
                        if (rh != 0 || oh >= g.OH)
                        {
                            continue;
                        }

                        for (int kw = 0; kw < g.KW; kw++)
                        {
                            int u = iw + g.PadLeft - (kw * g.DW);
                            if (u < 0)
                            {
                                break;
                            }

                            int ow = Math.DivRem(u, g.SW, out int rw);
                            if (rw != 0 || ow >= g.OW)
                            {
                                continue;
                            }

                            ref float gp = ref Unsafe.Add(ref gr, (((oh * g.OW) + ow) * depth) + d);
                            ref float kp = ref Unsafe.Add(ref kr, (((kh * g.KW) + kw) * depth) + d);
                            a0 = TSimd.MultiplyAdd(TSimd.Load(ref gp), TSimd.Load(ref kp), a0);
                            if (vectors > 1)
                            {
                                a1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gp, w)), TSimd.Load(ref Unsafe.Add(ref kp, w)), a1);
                                if (vectors > 2)
                                {
                                    a2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gp, 2 * w)), TSimd.Load(ref Unsafe.Add(ref kp, 2 * w)), a2);
                                    if (vectors > 3)
                                    {
                                        a3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gp, 3 * w)), TSimd.Load(ref Unsafe.Add(ref kp, 3 * w)), a3);
                                    }
                                }
                            }
                        }
                    }

                    Store<TSimd, TVec>(ref Unsafe.Add(ref dp, d), w, vectors, a0, a1, a2, a3);
                }
            }
        }

        return end;
    }

    /// <summary>
    /// dk[kh, kw, d] += sum over the output positions of x[ih, iw, d] * dy[oh, ow, d]: for each output row and tap,
    /// the sum runs along the row's columns in registers, so the row stays in cache across the taps.
    /// </summary>
    private static int BackwardKernelChannels<TSimd, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dk, in WindowGeometry g, int depth, int d0)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        int end = d0 + ((depth - d0) / w * w);
        if (end == d0)
        {
            return d0;
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float kr = ref MemoryMarshal.GetReference(dk);
        int xStep = g.SW * depth;
        for (int oh = 0; oh < g.OH; oh++)
        {
            int top = (oh * g.SH) - g.PadTop;
            var (khFirst, khLast) = Taps(top, g.DH, g.KH, g.H);
            ref float gRow = ref Unsafe.Add(ref gr, oh * g.OW * depth);
            for (int kh = khFirst; kh < khLast; kh++)
            {
                ref float xRow = ref Unsafe.Add(ref xr, (top + (kh * g.DH)) * g.W * depth);
                for (int kw = 0; kw < g.KW; kw++)
                {
                    // Output columns whose tap kw falls inside the image: 0 <= ow * SW - PadLeft + kw * DW < W.
                    int shift = (kw * g.DW) - g.PadLeft;
                    int owFirst = shift >= 0 ? 0 : (-shift + g.SW - 1) / g.SW;
                    int owLast = g.W - 1 - shift < 0 ? 0 : Math.Min(g.OW, ((g.W - 1 - shift) / g.SW) + 1);
                    if (owFirst >= owLast)
                    {
                        continue;
                    }

                    ref float kp0 = ref Unsafe.Add(ref kr, ((kh * g.KW) + kw) * depth);
                    for (int d = d0; d < end; d += 4 * w)
                    {
                        int vectors = Math.Min(4, (end - d) / w);
                        ref float kp = ref Unsafe.Add(ref kp0, d);
                        TVec a0 = TSimd.Load(ref kp);
                        TVec a1 = vectors > 1 ? TSimd.Load(ref Unsafe.Add(ref kp, w)) : TSimd.Zero;
                        TVec a2 = vectors > 2 ? TSimd.Load(ref Unsafe.Add(ref kp, 2 * w)) : TSimd.Zero;
                        TVec a3 = vectors > 3 ? TSimd.Load(ref Unsafe.Add(ref kp, 3 * w)) : TSimd.Zero;
                        ref float xp = ref Unsafe.Add(ref xRow, (((owFirst * g.SW) + shift) * depth) + d);
                        ref float gp = ref Unsafe.Add(ref gRow, (owFirst * depth) + d);
                        for (int ow = owFirst; ow < owLast; ow++)
                        {
                            a0 = TSimd.MultiplyAdd(TSimd.Load(ref xp), TSimd.Load(ref gp), a0);
                            if (vectors > 1)
                            {
                                a1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref xp, w)), TSimd.Load(ref Unsafe.Add(ref gp, w)), a1);
                                if (vectors > 2)
                                {
                                    a2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref xp, 2 * w)), TSimd.Load(ref Unsafe.Add(ref gp, 2 * w)), a2);
                                    if (vectors > 3)
                                    {
                                        a3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref xp, 3 * w)), TSimd.Load(ref Unsafe.Add(ref gp, 3 * w)), a3);
                                    }
                                }
                            }

                            xp = ref Unsafe.Add(ref xp, xStep);
                            gp = ref Unsafe.Add(ref gp, depth);
                        }

                        Store<TSimd, TVec>(ref kp, w, vectors, a0, a1, a2, a3);
                    }
                }
            }
        }

        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TSimd, TVec>(ref float at, int w, int vectors, TVec a0, TVec a1, TVec a2, TVec a3)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        TSimd.Store(a0, ref at);
        if (vectors > 1)
        {
            TSimd.Store(a1, ref Unsafe.Add(ref at, w));
            if (vectors > 2)
            {
                TSimd.Store(a2, ref Unsafe.Add(ref at, 2 * w));
                if (vectors > 3)
                {
                    TSimd.Store(a3, ref Unsafe.Add(ref at, 3 * w));
                }
            }
        }
    }

    /// <summary>The taps [first, last) of a window starting at <paramref name="start"/>, <paramref name="step"/> apart, that fall inside [0, size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Last) Taps(int start, int step, int count, int size)
    {
        int first = start >= 0 ? 0 : (-start + step - 1) / step;
        int last = size - start <= 0 ? 0 : Math.Min(count, (size - start + step - 1) / step);
        return (Math.Min(first, last), last);
    }

    private sealed unsafe class DepthwiseWork : ITeamWork
    {
        public DepthwiseTask Task;

        public void RunUnit(int unit)
        {
            int n0 = (int)((long)unit * Task.Geometry.N / Task.Units), n1 = (int)((long)(unit + 1) * Task.Geometry.N / Task.Units);
            long kernelSize = (long)Task.Geometry.KH * Task.Geometry.KW * Task.Geometry.C * Task.Multiplier;
            RunImages(Task, n0, n1, Task.Partials + (unit * kernelSize));
        }
    }
}

internal enum DepthwisePass
{
    Forward,
    BackwardInput,
    BackwardKernel,
}

/// <summary>
/// One depthwise pass over the images (see <see cref="DepthwiseConvolution"/>). Forward: A = x, B = bias (BLength
/// values, maybe 0), Dst = y. BackwardInput: B = dy, Dst = dx. BackwardKernel: A = x, B = dy, Dst = dKernel, and
/// when shared a <c>[KH, KW, C, M]</c> partial per unit at Partials.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly unsafe struct DepthwiseTask(
    DepthwisePass pass, float* a, float* kernel, float* b, float* dst, float* partials, WindowGeometry geometry, int multiplier, int units, bool accumulate, int bLength)
{
    public readonly DepthwisePass Pass = pass;
    public readonly float* A = a;
    public readonly float* Kernel = kernel;
    public readonly float* B = b;
    public readonly float* Dst = dst;
    public readonly float* Partials = partials;
    public readonly WindowGeometry Geometry = geometry;
    public readonly int Multiplier = multiplier;
    public readonly int Units = units;
    public readonly bool Accumulate = accumulate;
    public readonly int BLength = bLength;
}
