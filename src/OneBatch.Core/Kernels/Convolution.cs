using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace OneBatch.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as in Keras) of NHWC images with a kernel <c>[KH, KW, C, F]</c>, as the GEMM
/// <c>y [N*OH*OW, F] = col [N*OH*OW, KH*KW*C] @ kernel [KH*KW*C, F]</c>: read in place from the image where
/// <see cref="InPlaceConvolution"/> takes the geometry (forward, kernel gradient, and input gradient at stride 1), else
/// by im2col. The patch matrix col is never stored whole: each pass builds it a block of rows at a time in scratch
/// (about 512 KB, so a block stays in cache between im2col and its GEMM, but at least 256 rows) and the backward pass
/// rebuilds it rather than keep megabytes alive between passes.
/// </summary>
public static class Convolution
{
    private const int BlockFloats = 128 * 1024;

    private const int MinBlockRows = 256;

    // Block GEMMs of at least this many multiply-adds use the packed kernel whatever their shape.
    private const long ConvolutionPackedMinWork = 1L << 18;

    // Convolutions of at least this many multiply-adds are cut by images into SharedUnits units that the GemmTeam
    // threads share, each unit doing its own im2col and single-core GEMMs (per-block GEMMs are too small to split well).
    private const long SharedMinWork = 1L << 22;

    // A fixed count, not the core count: the kernel gradient sums one partial per unit, always in unit order.
    private const int SharedUnits = 4;

    /// <summary>y = conv(x, kernel), y <c>[N*OH*OW, F]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, in WindowGeometry g, int filters)
        => Forward(x, kernel, default, y, g, filters);

    /// <summary>y = conv(x, kernel) + bias (no bias when <paramref name="bias"/> is empty), y <c>[N*OH*OW, F]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int filters)
        => Forward(x, kernel, bias, y, g, filters, relu: false);

    /// <summary>
    /// y = conv(x, kernel) + bias, then max(y, 0) when <paramref name="relu"/> (as <see cref="Elementwise.Relu"/>
    /// computes it), y <c>[N*OH*OW, F]</c>. The ReLU is applied to each block of y while it is still in cache, which
    /// saves a pass over the whole output (1.8 MB for the seed CNN's first layer).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int filters, bool relu)
    {
        if (!bias.IsEmpty && bias.Length != filters)
        {
            throw new ArgumentException($"Convolution: a bias of {bias.Length} values for {filters} filters.");
        }

        if (g.IsPointwise)
        {
            Gemm.Multiply(x, false, kernel, false, y, g.Positions, filters, g.Patch);
            if (!bias.IsEmpty)
            {
                AddBias(y[..(g.Positions * filters)], bias);
            }

            if (relu)
            {
                var all = y[..(g.Positions * filters)];
                Elementwise.Relu(all, all);
            }

            return;
        }

        CheckSpans(x.Length, kernel.Length, y.Length, g, filters);
        if (Shared(g, filters))
        {
            RunShared(ConvolutionPass.Forward, x, kernel, y, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(bias), bias.Length), g, filters, relu);
            return;
        }

        ForwardRows(x, kernel, bias, y, g, filters, 0, g.Positions, relu);
    }

    // The bias is added to each block of y just after its GEMM, while the block is still in cache, and so is the ReLU.
    private static void ForwardRows(
        ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int filters, int first, int count, bool relu)
    {
        if (InPlace(g, filters, first, count))
        {
            int per = g.OH * g.OW;
            InPlaceConvolution.Forward(x, kernel, bias, y, g, filters, relu, first / per, (first + count) / per);
            return;
        }

        int block = BlockRows(g);
        var col = Scratch.Get(Scratch.Convolution, block * g.Patch).AsSpan();
        for (int p = first; p < first + count; p += block)
        {
            int rows = Math.Min(block, first + count - p);
            Im2Col.Pack(x, col, g, p, rows);
            var yBlock = y.Slice(p * filters, rows * filters);
            Product(col, false, kernel, false, yBlock, rows, filters, g.Patch, false);
            if (!bias.IsEmpty)
            {
                AddBias(yBlock, bias);
            }

            if (relu)
            {
                TensorPrimitives.Max(yBlock, 0f, yBlock);
            }
        }
    }

    /// <summary>dKernel (+)= col^T @ dy: <c>[Patch, Positions] @ [Positions, F]</c>, col rebuilt from x block by block.</summary>
    public static void BackwardKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dKernel, in WindowGeometry g, int filters, bool accumulate)
        => BackwardKernel(x, dy, dKernel, default, g, filters, accumulate, false);

    /// <summary>
    /// dKernel (+)= col^T @ dy and, when <paramref name="dBias"/> is not empty, dBias (+)= the column sums of dy
    /// (<see cref="BiasGradient"/>) in the same pass: each block of dy is summed while the kernel product has it in
    /// cache, on whichever thread does the block, rather than read again on one thread afterwards.
    /// </summary>
    public static void BackwardKernel(
        ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dKernel, Span<float> dBias, in WindowGeometry g, int filters, bool accumulate, bool accumulateBias)
        => BackwardKernel(x, dy, default, dKernel, dBias, g, filters, accumulate, accumulateBias);

    /// <summary>
    /// The kernel (and bias) gradient of a convolution followed by a ReLU whose output is <paramref name="reluOutput"/>
    /// (none when empty): dy passes where the output is positive (<see cref="Elementwise.ReluBackward"/>). Read in place,
    /// each image of dy is masked just before its tiles read it, in cache and on the thread that has the image, rather
    /// than in a pass of its own over the whole gradient (1.8 MB for the seed CNN's first layer).
    /// </summary>
    public static void BackwardKernel(
        ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> reluOutput, Span<float> dKernel, Span<float> dBias, in WindowGeometry g, int filters, bool accumulate, bool accumulateBias)
    {
        CheckSpans(x.Length, dKernel.Length, dy.Length, g, filters);
        if (!dBias.IsEmpty && dBias.Length != filters)
        {
            throw new ArgumentException($"Convolution: a bias gradient of {dBias.Length} values for {filters} filters.");
        }

        if (!reluOutput.IsEmpty && reluOutput.Length < g.Positions * filters)
        {
            throw new ArgumentException($"Convolution: a ReLU output of {reluOutput.Length} values for {g.Positions * filters} outputs.");
        }

        if (!reluOutput.IsEmpty && !ReadsInPlace(g, filters))
        {
            int outputs = g.Positions * filters;
            var masked = Scratch.Get(Scratch.ConvolutionGradient, outputs).AsSpan(0, outputs);
            Elementwise.ReluBackward(reluOutput[..outputs], dy, masked, accumulate: false);
            dy = masked;
            reluOutput = default;
        }

        if (!g.IsPointwise && Shared(g, filters))
        {
            // Per unit a kernel partial [Patch, F], then (with a bias) per unit a bias partial [F], summed in unit order.
            int size = g.Patch * filters;
            int total = SharedUnits * (size + (dBias.IsEmpty ? 0 : filters));
            var partials = Scratch.Get(Scratch.ConvolutionPartials, total).AsSpan(0, total);
            RunShared(
                ConvolutionPass.BackwardKernel, x, reluOutput, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(dy), dy.Length), partials, g, filters, !dBias.IsEmpty);
            SumPartials(partials, dKernel[..size], size, accumulate);
            if (!dBias.IsEmpty)
            {
                SumPartials(partials[(SharedUnits * size)..], dBias, filters, accumulateBias);
            }

            return;
        }

        if (InPlace(g, filters, 0, g.Positions))
        {
            // The bias gradient too, an image at a time while its dy (masked or not) is in cache.
            InPlaceConvolution.BackwardKernel(x, dy, reluOutput, dKernel, dBias, g, filters, accumulate, accumulateBias, 0, g.N);
            return;
        }

        BackwardKernelRows(x, dy, default, dKernel, default, g, filters, accumulate, 0, g.Positions, inUnit: false);
        if (!dBias.IsEmpty)
        {
            BiasGradient(dy[..(g.Positions * filters)], dBias, accumulateBias);
        }
    }

    // d (+)= partial 0 + partial 1 + ... (each `size` long), in unit order whichever thread finished first.
    private static void SumPartials(ReadOnlySpan<float> partials, Span<float> d, int size, bool accumulate)
    {
        if (accumulate)
        {
            TensorPrimitives.Add(d, partials[..size], d);
        }
        else
        {
            partials[..size].CopyTo(d);
        }

        for (int u = 1; u < SharedUnits; u++)
        {
            TensorPrimitives.Add(d, partials.Slice(u * size, size), d);
        }
    }

    // inUnit: a unit of a shared pass, whose GEMMs stay on its thread. dBias (when not empty, a unit's partial, never
    // accumulated into) gets the column sums of each block of dy just after the kernel product has read it.
    // reluOutput (when not empty) masks dy; only the in-place route of a shared pass takes it (BackwardKernel masks dy
    // for im2col first).
    private static void BackwardKernelRows(
        ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> reluOutput, Span<float> dKernel, Span<float> dBias, in WindowGeometry g, int filters, bool accumulate, int first, int count, bool inUnit)
    {
        // No rows (an empty batch): the gradient is a sum over nothing, so zeros, not whatever the buffer held.
        if (count == 0 && !accumulate)
        {
            dKernel[..(g.Patch * filters)].Clear();
            dBias.Clear();
            return;
        }

        if (InPlace(g, filters, first, count))
        {
            int per = g.OH * g.OW;
            InPlaceConvolution.BackwardKernel(x, dy, reluOutput, dKernel, dBias, g, filters, accumulate, accumulateBias: false, first / per, (first + count) / per);
            return;
        }

        int block = BlockRows(g);
        var col = g.IsPointwise ? default : Scratch.Get(Scratch.Convolution, block * g.Patch).AsSpan();
        for (int p = first; p < first + count; p += block)
        {
            int rows = Math.Min(block, first + count - p);
            ReadOnlySpan<float> a;
            if (g.IsPointwise)
            {
                a = x.Slice(p * g.Patch, rows * g.Patch);
            }
            else
            {
                Im2Col.Pack(x, col, g, p, rows);
                a = col;
            }

            var dyBlock = dy.Slice(p * filters, rows * filters);
            KernelProduct(a, dyBlock, dKernel, g.Patch, filters, rows, accumulate || p > first, inUnit);
            if (!dBias.IsEmpty)
            {
                BiasGradient(dyBlock, dBias, p > first);
            }
        }
    }

    /// <summary>dx (+)= col2im(dy @ kernel^T), a block of rows at a time.</summary>
    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> kernel, Span<float> dx, in WindowGeometry g, int filters, bool accumulate)
    {
        if (g.IsPointwise)
        {
            Gemm.Multiply(dy, false, kernel, true, dx, g.Positions, g.Patch, filters, accumulate);
            return;
        }

        CheckSpans(dx.Length, kernel.Length, dy.Length, g, filters);
        if (!accumulate && g.SH == 1 && g.SW == 1 && g.DW == 1)
        {
            // With stride 1, dx[ih, iw, c] = sum over (kh, kw, f) of dy[ih + PadTop - kh * DH, iw + PadLeft - kw, f] *
            // K[kh, kw, c, f]: the convolution of dy, padded so that every window reaching x is whole, with the kernel
            // turned half a turn (kh' = KH - 1 - kh) and its channel axes swapped, K'[kh', kw', f, c]. Run as a forward
            // pass where that convolution is read in place.
            var adjoint = new WindowGeometry(
                g.N, g.OH, g.OW, filters, g.KH, g.KW, 1, 1, g.H, g.W, ((g.KH - 1) * g.DH) - g.PadTop, g.KW - 1 - g.PadLeft, g.DH, 1);
            if (InPlace(adjoint, g.C, 0, adjoint.Positions))
            {
                var turned = Scratch.Get(Scratch.ConvolutionKernel, g.Patch * filters).AsSpan(0, g.Patch * filters);
                TurnKernel(kernel, turned, g, filters);
                Forward(dy, turned, default, dx, adjoint, g.C, relu: false);
                return;
            }
        }

        if (Shared(g, filters))
        {
            RunShared(ConvolutionPass.BackwardInput, dx, kernel, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(dy), dy.Length), default, g, filters, accumulate);
            return;
        }

        BackwardInputRows(dy, kernel, dx, g, filters, accumulate, 0, g.N);
    }

    // turned[KH - 1 - kh, KW - 1 - kw, f, c] = kernel[kh, kw, c, f].
    private static void TurnKernel(ReadOnlySpan<float> kernel, Span<float> turned, in WindowGeometry g, int filters)
    {
        int c0 = g.C;
        for (int kh = 0; kh < g.KH; kh++)
        {
            for (int kw = 0; kw < g.KW; kw++)
            {
                var source = kernel.Slice(((kh * g.KW) + kw) * c0 * filters, c0 * filters);
                var target = turned.Slice(((((g.KH - 1 - kh) * g.KW) + (g.KW - 1 - kw)) * filters) * c0, c0 * filters);
                for (int c = 0; c < c0; c++)
                {
                    for (int f = 0; f < filters; f++)
                    {
                        target[(f * c0) + c] = source[(c * filters) + f];
                    }
                }
            }
        }
    }

    // Images [n0, n1): their rows of the patch matrix, and their part of dx, which no other image's windows touch.
    private static void BackwardInputRows(ReadOnlySpan<float> dy, ReadOnlySpan<float> kernel, Span<float> dx, in WindowGeometry g, int filters, bool accumulate, int n0, int n1)
    {
        int image = g.H * g.W * g.C;
        if (!accumulate)
        {
            dx.Slice(n0 * image, (n1 - n0) * image).Clear();
        }

        int per = g.OH * g.OW;
        int first = n0 * per, count = (n1 - n0) * per;
        int block = BlockRows(g);
        var dCol = Scratch.Get(Scratch.Convolution, block * g.Patch).AsSpan();
        for (int p = first; p < first + count; p += block)
        {
            int rows = Math.Min(block, first + count - p);
            Product(dy.Slice(p * filters, rows * filters), false, kernel, true, dCol, rows, g.Patch, filters, false);
            Im2Col.Unpack(dCol, dx, g, p, rows);
        }
    }

    // A block's GEMM (shared among the team when large, unless the pass already shares its images). The packed kernel
    // from a modest size on: the unpacked one's 4-row tile, fine for a small B it streams, runs at half the
    // packed one's rate here (a kernel gradient reads col^T with strides, a forward pass has a K of only 27..288).
    private static void Product(ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c, int m, int n, int k, bool accumulate)
    {
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException($"Convolution: GEMM spans too short for m={m}, n={n}, k={k}.");
        }

        bool packed = (long)m * n * k >= ConvolutionPackedMinWork || Gemm.UsePacked(transposeB, m, n, k);
        Gemm.Run(a, transposeA, b, transposeB, c, m, n, k, accumulate, packed, (long)m * n * k >= Gemm.ThreadedMinWork);
    }

    // dKernel [patch, F] (+)= col^T [patch, rows] @ dy [rows, F]: both read in place when F fills whole register tiles
    // (nothing to pack: each element of col and dy meets only patch or F others), else the packed kernel (which can
    // also share a large product among the team when the pass itself is not shared).
    private static unsafe void KernelProduct(ReadOnlySpan<float> col, ReadOnlySpan<float> dy, Span<float> dKernel, int patch, int filters, int rows, bool accumulate, bool inUnit)
    {
        if (rows == 0 || !Gemm.InPlaceFits(patch, filters) || (!inUnit && (long)patch * filters * rows >= Gemm.ThreadedMinWork))
        {
            Product(col, true, dy, false, dKernel, patch, filters, rows, accumulate);
            return;
        }

        if (col.Length < (long)rows * patch || dy.Length < (long)rows * filters || dKernel.Length < (long)patch * filters)
        {
            throw new ArgumentException("Convolution: kernel-gradient spans too short.");
        }

        fixed (float* a = col, b = dy, c = dKernel)
        {
            Gemm.AtB(a, patch, b, filters, c, filters, patch, filters, rows, accumulate);
        }
    }

    private static void CheckSpans(int input, int kernel, int output, in WindowGeometry g, int filters)
    {
        if (input < g.InputSize || kernel < g.Patch * filters || output < g.Positions * filters)
        {
            throw new ArgumentException("Convolution: the spans do not fit the geometry and filter count.");
        }
    }

    /// <summary>
    /// Whether the forward pass and the kernel gradient read windows in place (<see cref="InPlaceConvolution"/>) rather
    /// than unfold them: then a ReLU's mask costs the kernel gradient nothing extra (the overload of BackwardKernel that
    /// takes the ReLU's output).
    /// </summary>
    public static bool ReadsInPlace(in WindowGeometry g, int filters) => InPlace(g, filters, 0, g.Positions);

    // Whole images read in place rather than unfolded, where that loses no threads: a pass shared out
    // by images, or one too small for the team.
    private static bool InPlace(in WindowGeometry g, int filters, int first, int count)
    {
        int per = g.OH * g.OW;
        return !g.IsPointwise && InPlaceConvolution.Applies(g, filters) && first % per == 0 && count % per == 0
            && (Shared(g, filters) || (long)g.Positions * g.Patch * filters < Gemm.ThreadedMinWork);
    }

    private static bool Shared(in WindowGeometry g, int filters)
        => g.N >= SharedUnits && (long)g.Positions * g.Patch * filters >= SharedMinWork;

    private static unsafe void RunShared(
        ConvolutionPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, Span<float> partials, in WindowGeometry g, int filters, bool accumulate)
    {
        fixed (float* px = x, pk = kernel, py = y, pp = partials)
        {
            var task = new ConvolutionTask(pass, px, pk, py, pp, g, filters, SharedUnits, accumulate);
            var phase = new GemmPhase(task);
            bool team = GemmTeam.TryEnter();
            try
            {
                if (team)
                {
                    GemmTeam.Run(phase);
                }
                else
                {
                    for (int u = 0; u < SharedUnits; u++)
                    {
                        RunUnit(task, u);
                    }
                }
            }
            finally
            {
                if (team)
                {
                    GemmTeam.Exit();
                }
            }
        }
    }

    /// <summary>Unit u of a shared convolution: images [u*N/units, (u+1)*N/units), on whichever thread claimed it.</summary>
    internal static unsafe void RunUnit(in ConvolutionTask t, int unit)
    {
        ref readonly WindowGeometry g = ref t.Geometry;
        int n0 = (int)((long)unit * g.N / t.Units), n1 = (int)((long)(unit + 1) * g.N / t.Units);
        int per = g.OH * g.OW;
        int kernelSize = g.Patch * t.Filters;
        var x = new Span<float>(t.X, g.InputSize);
        var kernel = new ReadOnlySpan<float>(t.Kernel, kernelSize);
        var y = new Span<float>(t.Y, g.Positions * t.Filters);
        switch (t.Pass)
        {
            case ConvolutionPass.Forward:
                var bias = t.Partials == null ? default : new ReadOnlySpan<float>(t.Partials, t.Filters);
                ForwardRows(x, kernel, bias, y, g, t.Filters, n0 * per, (n1 - n0) * per, t.Accumulate);
                break;
            case ConvolutionPass.BackwardKernel:
                // Accumulate: whether a bias gradient comes too (its partials follow the kernel's, see BackwardKernel).
                var partial = new Span<float>(t.Partials + ((long)unit * kernelSize), kernelSize);
                var biasPartial = t.Accumulate ? new Span<float>(t.Partials + ((long)t.Units * kernelSize) + ((long)unit * t.Filters), t.Filters) : default;
                if (n1 == n0)
                {
                    partial.Clear();
                    biasPartial.Clear();
                }

                var reluOutput = t.Kernel == null ? default : new ReadOnlySpan<float>(t.Kernel, g.Positions * t.Filters);
                BackwardKernelRows(x, y, reluOutput, partial, biasPartial, g, t.Filters, false, n0 * per, (n1 - n0) * per, inUnit: true);
                break;
            default:
                BackwardInputRows(y, kernel, x, g, t.Filters, t.Accumulate, n0, n1);
                break;
        }
    }

    /// <summary>
    /// Rows of the patch matrix per block: about 512 KB of it, but at least <see cref="MinBlockRows"/> rows, since each
    /// block's GEMM reads (and packs) the whole kernel: a 3x3 window over 512 channels gave blocks of 28 rows, each
    /// packing a 9 MB kernel for 66 M multiply-adds, bound by memory at a third of the machine's speed.
    /// </summary>
    private static int BlockRows(in WindowGeometry g)
        => Math.Clamp(Math.Max(BlockFloats / Math.Max(1, g.Patch), MinBlockRows), 1, Math.Max(1, g.Positions));

    /// <summary>y[p, f] += bias[f] for every row p of y <c>[rows, F]</c>.</summary>
    public static void AddBias(Span<float> y, ReadOnlySpan<float> bias)
    {
        if (Simd.Use512)
        {
            AddBias<Simd512, Vector512<float>>(y, bias);
        }
        else
        {
            AddBias<Simd256, Vector256<float>>(y, bias);
        }
    }

    // Up to four vectors of columns per pass over the rows, so a narrow y is gone through once.
    private static void AddBias<TSimd, TVec>(Span<float> y, ReadOnlySpan<float> bias)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int f = bias.Length;
        int rows = f == 0 ? 0 : y.Length / f;
        int w = TSimd.Count;
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float br = ref MemoryMarshal.GetReference(bias);
        int j = 0;
        for (; j + w <= f; j += 4 * w)
        {
            int vectors = Math.Min(4, (f - j) / w);
            TVec b0 = TSimd.Load(ref Unsafe.Add(ref br, j));
            TVec b1 = vectors > 1 ? TSimd.Load(ref Unsafe.Add(ref br, j + w)) : TSimd.Zero;
            TVec b2 = vectors > 2 ? TSimd.Load(ref Unsafe.Add(ref br, j + (2 * w))) : TSimd.Zero;
            TVec b3 = vectors > 3 ? TSimd.Load(ref Unsafe.Add(ref br, j + (3 * w))) : TSimd.Zero;
            for (int r = 0; r < rows; r++)
            {
                ref float row = ref Unsafe.Add(ref yr, (r * f) + j);
                TSimd.Store(TSimd.Add(TSimd.Load(ref row), b0), ref row);
                if (vectors > 1)
                {
                    ref float r1 = ref Unsafe.Add(ref row, w);
                    TSimd.Store(TSimd.Add(TSimd.Load(ref r1), b1), ref r1);
                    if (vectors > 2)
                    {
                        ref float r2 = ref Unsafe.Add(ref row, 2 * w);
                        TSimd.Store(TSimd.Add(TSimd.Load(ref r2), b2), ref r2);
                        if (vectors > 3)
                        {
                            ref float r3 = ref Unsafe.Add(ref row, 3 * w);
                            TSimd.Store(TSimd.Add(TSimd.Load(ref r3), b3), ref r3);
                        }
                    }
                }
            }

            if (vectors < 4)
            {
                j += vectors * w;
                break;
            }
        }

        for (; j < f; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                Unsafe.Add(ref yr, (r * f) + j) += bias[j];
            }
        }
    }

    /// <summary>dBias[f] (+)= sum over the rows p of dy <c>[rows, F]</c> of dy[p, f].</summary>
    public static void BiasGradient(ReadOnlySpan<float> dy, Span<float> dBias, bool accumulate)
    {
        if (Simd.Use512)
        {
            BiasGradient<Simd512, Vector512<float>>(dy, dBias, accumulate);
        }
        else
        {
            BiasGradient<Simd256, Vector256<float>>(dy, dBias, accumulate);
        }
    }

    // Up to four vectors of columns per pass over the rows, so a narrow dy is read once; each column is summed in row order.
    private static void BiasGradient<TSimd, TVec>(ReadOnlySpan<float> dy, Span<float> dBias, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int f = dBias.Length;
        int rows = f == 0 ? 0 : dy.Length / f;
        int w = TSimd.Count;
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float dr = ref MemoryMarshal.GetReference(dBias);
        int j = 0;
        for (; j + w <= f; j += 4 * w)
        {
            int vectors = Math.Min(4, (f - j) / w);
            TVec s0 = TSimd.Zero, s1 = TSimd.Zero, s2 = TSimd.Zero, s3 = TSimd.Zero;
            for (int r = 0; r < rows; r++)
            {
                ref float row = ref Unsafe.Add(ref gr, (r * f) + j);
                s0 = TSimd.Add(s0, TSimd.Load(ref row));
                if (vectors > 1)
                {
                    s1 = TSimd.Add(s1, TSimd.Load(ref Unsafe.Add(ref row, w)));
                    if (vectors > 2)
                    {
                        s2 = TSimd.Add(s2, TSimd.Load(ref Unsafe.Add(ref row, 2 * w)));
                        if (vectors > 3)
                        {
                            s3 = TSimd.Add(s3, TSimd.Load(ref Unsafe.Add(ref row, 3 * w)));
                        }
                    }
                }
            }

            Span<TVec> sums = [s0, s1, s2, s3];
            for (int v = 0; v < vectors; v++)
            {
                ref float d = ref Unsafe.Add(ref dr, j + (v * w));
                TSimd.Store(accumulate ? TSimd.Add(sums[v], TSimd.Load(ref d)) : sums[v], ref d);
            }

            if (vectors < 4)
            {
                j += vectors * w;
                break;
            }
        }

        for (; j < f; j++)
        {
            float sum = 0f;
            for (int r = 0; r < rows; r++)
            {
                sum += Unsafe.Add(ref gr, (r * f) + j);
            }

            dBias[j] = accumulate ? dBias[j] + sum : sum;
        }
    }
}

internal enum ConvolutionPass
{
    Forward,
    BackwardKernel,
    BackwardInput,
}

/// <summary>
/// A convolution pass shared out by images. Forward: X = x, Y = y, the bias (or null) at Partials. BackwardKernel: X = x, Y = dy,
/// Kernel = the output of a ReLU that masks dy (or null), a <c>[Patch, F]</c> partial per unit at Partials. BackwardInput: X = dx, Y = dy.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly unsafe struct ConvolutionTask(
    ConvolutionPass pass, float* x, float* kernel, float* y, float* partials, WindowGeometry geometry, int filters, int units, bool accumulate)
{
    public readonly ConvolutionPass Pass = pass;
    public readonly float* X = x;
    public readonly float* Kernel = kernel;
    public readonly float* Y = y;
    public readonly float* Partials = partials;
    public readonly WindowGeometry Geometry = geometry;
    public readonly int Filters = filters;
    public readonly int Units = units;
    // The input gradient adds to dx; the other passes never accumulate and take it as a switch: whether a ReLU follows
    // the forward pass, whether the kernel-gradient pass sums the bias gradient too.
    public readonly bool Accumulate = accumulate;
}
