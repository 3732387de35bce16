using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// Convolution read in place from the (zero-padded) image, without unfolding patches by im2col. In an image row the
/// window at output column ow starts <c>SW * C</c> floats after the one at ow - 1, and window element p = (kh, kw, c)
/// sits <c>off[p] = kh * DH * rowStride + kw * C + c</c> floats from the window's start:
/// <c>y[pos, f] = sum_p img[start(pos) + off[p]] * K[p, f]</c>. A register tile of output positions broadcasts its
/// inputs straight from the image row (<see cref="ForwardTile"/>); the kernel gradient, <c>dK[p, f] = sum_pos
/// img[start(pos) + off[p]] * dy[pos, f]</c>, keeps a tile of window elements (a run along one kernel row) in registers
/// over every position of an image (<see cref="KernelTile"/>). For a first layer (3 channels: a patch of 27 floats)
/// unfolding cost more than the GEMM that used it; with 32 or 64 channels it saves the patch matrix and the packing
/// of it (measured about 10-30% on the large CNN's convolutions). At stride 1 the input gradient is such a convolution
/// too, of dy with the kernel turned (see <see cref="Convolution.BackwardInput"/>).
/// </summary>
internal static class InPlaceConvolution
{
    // The offsets of a patch's elements live on the stack.
    private const int MaxPatch = 1024;

    /// <summary>
    /// Whether this kernel takes the geometry: a row step C * SW the tiles are compiled for (1, 2, 3, 4, 6, 8, 16, 32 or
    /// 64 floats: an RGB image at stride 1 or 2, 32 channels at stride 1, ...), a column stride of 1 or 2, no dilation
    /// across, the filters whole vectors.
    /// </summary>
    public static bool Applies(in WindowGeometry g, int filters)
        => g.SW <= 2 && (g.C * g.SW) is 1 or 2 or 3 or 4 or 6 or 8 or 16 or 32 or 64 && g.DW == 1 && g.PadTop >= 0 && g.PadLeft >= 0
            && g.Patch <= MaxPatch && filters > 0 && filters % (Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count) == 0;

    /// <summary>y <c>[images, OH, OW, F]</c> = conv(x, kernel) + bias (none when empty), then max(y, 0) when <paramref name="relu"/>, for images [n0, n1).</summary>
    public static unsafe void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, in WindowGeometry g, int filters, bool relu, int n0, int n1)
    {
        fixed (float* px = x, pk = kernel, pb = bias, py = y)
        {
            float* b = bias.IsEmpty ? null : pb;
            if (Simd.Use512)
            {
                ForwardRowStep<Simd512, Vector512<float>>(px, pk, b, py, g, filters, relu, n0, n1);
            }
            else
            {
                ForwardRowStep<Simd256, Vector256<float>>(px, pk, b, py, g, filters, relu, n0, n1);
            }
        }
    }

    /// <summary>
    /// dKernel (+)= the kernel gradient over images [n0, n1), and dBias (when not empty) (+)= the column sums of their dy
    /// (<paramref name="accumulateBias"/>). When <paramref name="reluOutput"/> is not empty dy passes only where it is
    /// positive (a ReLU after the convolution), each image masked into scratch just before its tiles read it.
    /// </summary>
    public static unsafe void BackwardKernel(
        ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> reluOutput, Span<float> dKernel, Span<float> dBias, in WindowGeometry g, int filters, bool accumulate, bool accumulateBias, int n0, int n1)
    {
        // No images: a sum over nothing, so zeros, not whatever the buffers held.
        if (n1 == n0)
        {
            if (!accumulate)
            {
                dKernel[..(g.Patch * filters)].Clear();
            }

            if (!accumulateBias)
            {
                dBias.Clear();
            }

            return;
        }

        int per = g.OH * g.OW * filters;
        fixed (float* px = x, pd = dy, pk = dKernel)
        {
            var image = new PaddedImage(g);
            float[]? buffer = image.InPlace ? null : Scratch.Get(Scratch.Convolution, image.Size);
            float[]? masked = reluOutput.IsEmpty ? null : Scratch.Get(Scratch.ConvolutionGradient, per);
            fixed (float* pad = buffer, pm = masked)
            {
                for (int n = n0; n < n1; n++)
                {
                    float* a = image.Of(px, pad, g, n);
                    float* dyImage = pd + ((long)n * per);
                    if (pm != null)
                    {
                        Elementwise.ReluBackwardCore(reluOutput.Slice(n * per, per), dy.Slice(n * per, per), new Span<float>(pm, per), accumulate: false);
                        dyImage = pm;
                    }

                    bool add = accumulate || n > n0;
                    if (Simd.Use512)
                    {
                        KernelImage<Simd512, Vector512<float>>(a, image.RowStride, dyImage, pk, g, filters, add);
                    }
                    else
                    {
                        KernelImage<Simd256, Vector256<float>>(a, image.RowStride, dyImage, pk, g, filters, add);
                    }

                    if (!dBias.IsEmpty)
                    {
                        Convolution.BiasGradient(new ReadOnlySpan<float>(dyImage, per), dBias, accumulateBias || n > n0);
                    }
                }
            }
        }
    }

    // The row step C * SW fixed at compile time, so a tile's broadcasts take constant offsets.
    private static unsafe void ForwardRowStep<TSimd, TVec>(float* x, float* kernel, float* bias, float* y, in WindowGeometry g, int filters, bool relu, int n0, int n1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        switch (g.C * g.SW)
        {
            case 1: ForwardImages<TSimd, TVec, Size1>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 2: ForwardImages<TSimd, TVec, Size2>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 3: ForwardImages<TSimd, TVec, Size3>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 4: ForwardImages<TSimd, TVec, Size4>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 6: ForwardImages<TSimd, TVec, Size6>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 8: ForwardImages<TSimd, TVec, Size8>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 16: ForwardImages<TSimd, TVec, Size16>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 32: ForwardImages<TSimd, TVec, Size32>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            case 64: ForwardImages<TSimd, TVec, Size64>(x, kernel, bias, y, g, filters, relu, n0, n1); break;
            default: throw new ArgumentException($"InPlaceConvolution: a row step of {g.C * g.SW} floats.");
        }
    }

    private static unsafe void ForwardImages<TSimd, TVec, TStep>(float* x, float* kernel, float* bias, float* y, in WindowGeometry g, int filters, bool relu, int n0, int n1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        where TStep : struct, ITileSize
    {
        // A row of output cut into tiles of nearly equal rows (13 columns as 7 + 6, not 12 + 1): a tile of few rows has too
        // few accumulators to hide the multiply-add latency.
        int mr = Gemm.TileRows<TSimd, TVec>();
        int tiles = (g.OW + mr - 1) / mr;
        var image = new PaddedImage(g);
        int patch = g.Patch;
        int* offsets = stackalloc int[patch];
        image.Offsets(g, offsets);
        float[]? buffer = image.InPlace ? null : Scratch.Get(Scratch.Convolution, image.Size);
        fixed (float* pad = buffer)
        {
            for (int n = n0; n < n1; n++)
            {
                float* a = image.Of(x, pad, g, n);
                for (int oh = 0; oh < g.OH; oh++)
                {
                    float* aRow = a + ((long)oh * g.SH * image.RowStride);
                    float* yRow = y + ((((long)n * g.OH) + oh) * g.OW * filters);
                    for (int t = 0, ow = 0; t < tiles; t++)
                    {
                        float* at = aRow + (ow * TStep.Value);
                        float* yt = yRow + ((long)ow * filters);
                        int rows = (g.OW / tiles) + (t < g.OW % tiles ? 1 : 0);
                        ow += rows;
                        var tile = new ForwardTiles<TSimd, TVec, TStep>(at, offsets, patch, kernel, filters, yt, bias, relu);
                        TileRows.Run(rows, ref tile);
                    }
                }
            }
        }
    }

    // Output positions [ow, ow + rows) of one row, every filter: tiles of two vectors of filters, then one.
    private readonly unsafe struct ForwardTiles<TSimd, TVec, TStep>(float* a, int* offsets, int patch, float* kernel, int filters, float* y, float* bias, bool relu) : ITileRowsAction
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        where TStep : struct, ITileSize
    {
        public void Run<TRows>()
            where TRows : struct, ITileSize
        {
            int w = TSimd.Count;
            int j = 0;
            for (; j + (2 * w) <= filters; j += 2 * w)
            {
                ForwardTile<TSimd, TVec, TStep, TRows, Size2>(a, offsets, patch, kernel + j, filters, y + j, filters, bias == null ? null : bias + j, relu);
            }

            if (j < filters)
            {
                ForwardTile<TSimd, TVec, TStep, TRows, Size1>(a, offsets, patch, kernel + j, filters, y + j, filters, bias == null ? null : bias + j, relu);
            }
        }
    }

    // y[r, 0..cols) = bias + sum_p a[r * step + offsets[p]] * b[p, 0..cols), r < rows, cols one or two vectors (b rows ldb apart).
    // One line per row of the tile: rows past TRows compile away.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ForwardTile<TSimd, TVec, TStep, TRows, TCols>(float* a, int* offsets, int patch, float* b, int ldb, float* c, int ldc, float* bias, bool relu)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        where TStep : struct, ITileSize
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        int w = TSimd.Count, rs = TStep.Value, rows = TRows.Value;
        bool two = TCols.Value > 1;
        TVec z0 = bias == null ? TSimd.Zero : TSimd.Load(ref *bias);
        TVec z1 = bias == null || !two ? TSimd.Zero : TSimd.Load(ref *(bias + w));
        TVec c00 = z0, c01 = z1, c10 = z0, c11 = z1, c20 = z0, c21 = z1, c30 = z0, c31 = z1;
        TVec c40 = z0, c41 = z1, c50 = z0, c51 = z1, c60 = z0, c61 = z1, c70 = z0, c71 = z1;
        TVec c80 = z0, c81 = z1, c90 = z0, c91 = z1, ca0 = z0, ca1 = z1, cb0 = z0, cb1 = z1;
        for (int p = 0; p < patch; p++)
        {
            float* ap = a + offsets[p];
            TVec b0 = TSimd.Load(ref *b);
            TVec b1 = two ? TSimd.Load(ref *(b + w)) : TSimd.Zero;
            TVec v;
            { v = TSimd.Broadcast(ap[0]); c00 = TSimd.MultiplyAdd(v, b0, c00); c01 = two ? TSimd.MultiplyAdd(v, b1, c01) : c01; }
            if (rows > 1) { v = TSimd.Broadcast(ap[rs]); c10 = TSimd.MultiplyAdd(v, b0, c10); c11 = two ? TSimd.MultiplyAdd(v, b1, c11) : c11; }
            if (rows > 2) { v = TSimd.Broadcast(ap[2 * rs]); c20 = TSimd.MultiplyAdd(v, b0, c20); c21 = two ? TSimd.MultiplyAdd(v, b1, c21) : c21; }
            if (rows > 3) { v = TSimd.Broadcast(ap[3 * rs]); c30 = TSimd.MultiplyAdd(v, b0, c30); c31 = two ? TSimd.MultiplyAdd(v, b1, c31) : c31; }
            if (rows > 4) { v = TSimd.Broadcast(ap[4 * rs]); c40 = TSimd.MultiplyAdd(v, b0, c40); c41 = two ? TSimd.MultiplyAdd(v, b1, c41) : c41; }
            if (rows > 5) { v = TSimd.Broadcast(ap[5 * rs]); c50 = TSimd.MultiplyAdd(v, b0, c50); c51 = two ? TSimd.MultiplyAdd(v, b1, c51) : c51; }
            if (rows > 6) { v = TSimd.Broadcast(ap[6 * rs]); c60 = TSimd.MultiplyAdd(v, b0, c60); c61 = two ? TSimd.MultiplyAdd(v, b1, c61) : c61; }
            if (rows > 7) { v = TSimd.Broadcast(ap[7 * rs]); c70 = TSimd.MultiplyAdd(v, b0, c70); c71 = two ? TSimd.MultiplyAdd(v, b1, c71) : c71; }
            if (rows > 8) { v = TSimd.Broadcast(ap[8 * rs]); c80 = TSimd.MultiplyAdd(v, b0, c80); c81 = two ? TSimd.MultiplyAdd(v, b1, c81) : c81; }
            if (rows > 9) { v = TSimd.Broadcast(ap[9 * rs]); c90 = TSimd.MultiplyAdd(v, b0, c90); c91 = two ? TSimd.MultiplyAdd(v, b1, c91) : c91; }
            if (rows > 10) { v = TSimd.Broadcast(ap[10 * rs]); ca0 = TSimd.MultiplyAdd(v, b0, ca0); ca1 = two ? TSimd.MultiplyAdd(v, b1, ca1) : ca1; }
            if (rows > 11) { v = TSimd.Broadcast(ap[11 * rs]); cb0 = TSimd.MultiplyAdd(v, b0, cb0); cb1 = two ? TSimd.MultiplyAdd(v, b1, cb1) : cb1; }
            b += ldb;
        }

        StoreOutput<TSimd, TVec>(c00, c01, c, two, relu);
        if (rows > 1) StoreOutput<TSimd, TVec>(c10, c11, c + ldc, two, relu);
        if (rows > 2) StoreOutput<TSimd, TVec>(c20, c21, c + (2 * ldc), two, relu);
        if (rows > 3) StoreOutput<TSimd, TVec>(c30, c31, c + (3 * ldc), two, relu);
        if (rows > 4) StoreOutput<TSimd, TVec>(c40, c41, c + (4 * ldc), two, relu);
        if (rows > 5) StoreOutput<TSimd, TVec>(c50, c51, c + (5 * ldc), two, relu);
        if (rows > 6) StoreOutput<TSimd, TVec>(c60, c61, c + (6 * ldc), two, relu);
        if (rows > 7) StoreOutput<TSimd, TVec>(c70, c71, c + (7 * ldc), two, relu);
        if (rows > 8) StoreOutput<TSimd, TVec>(c80, c81, c + (8 * ldc), two, relu);
        if (rows > 9) StoreOutput<TSimd, TVec>(c90, c91, c + (9 * ldc), two, relu);
        if (rows > 10) StoreOutput<TSimd, TVec>(ca0, ca1, c + (10 * ldc), two, relu);
        if (rows > 11) StoreOutput<TSimd, TVec>(cb0, cb1, c + (11 * ldc), two, relu);
    }

    // A run of window elements along one kernel row, for every position of one image: dK rows (kh, q) for runs of
    // up to a tile's rows of q in [0, KW * C).
    private static unsafe void KernelImage<TSimd, TVec>(float* a, int rowStride, float* dy, float* dKernel, in WindowGeometry g, int filters, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int mr = Gemm.TileRows<TSimd, TVec>();
        int run = g.KW * g.C;
        nint rowStep = (nint)g.SH * rowStride, step = g.SW * g.C;
        for (int kh = 0; kh < g.KH; kh++)
        {
            for (int q = 0; q < run; q += mr)
            {
                float* at = a + ((long)kh * g.DH * rowStride) + q;
                float* dk = dKernel + ((((long)kh * run) + q) * filters);
                var tile = new KernelTiles<TSimd, TVec>(at, rowStep, step, g.OH, g.OW, dy, filters, dk, add);
                TileRows.Run(Math.Min(mr, run - q), ref tile);
            }
        }
    }

    // Rows of dK for a run of window elements (a tile's rows), every filter: tiles of two vectors of filters, then one.
    private readonly unsafe struct KernelTiles<TSimd, TVec>(float* a, nint rowStep, nint step, int oh, int ow, float* dy, int filters, float* dk, bool add) : ITileRowsAction
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        public void Run<TRows>()
            where TRows : struct, ITileSize
        {
            int w = TSimd.Count;
            int j = 0;
            for (; j + (2 * w) <= filters; j += 2 * w)
            {
                KernelTile<TSimd, TVec, TRows, Size2>(a, rowStep, step, oh, ow, dy + j, filters, dk + j, filters, add);
            }

            if (j < filters)
            {
                KernelTile<TSimd, TVec, TRows, Size1>(a, rowStep, step, oh, ow, dy + j, filters, dk + j, filters, add);
            }
        }
    }

    // dk[i, 0..cols) (+)= sum over positions (r, s) of a[r * rowStep + s * step + i] * dy[(r * ow + s) * ldy, 0..cols), i < rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void KernelTile<TSimd, TVec, TRows, TCols>(float* a, nint rowStep, nint step, int oh, int ow, float* dy, int ldy, float* dk, int ldk, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        int w = TSimd.Count, rows = TRows.Value;
        bool two = TCols.Value > 1;
        TVec z = TSimd.Zero;
        TVec c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        TVec c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        TVec c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        for (int r = 0; r < oh; r++)
        {
            float* ap = a + (r * rowStep);
            float* gp = dy + ((long)r * ow * ldy);
            for (int s = 0; s < ow; s++)
            {
                TVec g0 = TSimd.Load(ref *gp);
                TVec g1 = two ? TSimd.Load(ref *(gp + w)) : TSimd.Zero;
                TVec v;
                { v = TSimd.Broadcast(ap[0]); c00 = TSimd.MultiplyAdd(v, g0, c00); c01 = two ? TSimd.MultiplyAdd(v, g1, c01) : c01; }
                if (rows > 1) { v = TSimd.Broadcast(ap[1]); c10 = TSimd.MultiplyAdd(v, g0, c10); c11 = two ? TSimd.MultiplyAdd(v, g1, c11) : c11; }
                if (rows > 2) { v = TSimd.Broadcast(ap[2]); c20 = TSimd.MultiplyAdd(v, g0, c20); c21 = two ? TSimd.MultiplyAdd(v, g1, c21) : c21; }
                if (rows > 3) { v = TSimd.Broadcast(ap[3]); c30 = TSimd.MultiplyAdd(v, g0, c30); c31 = two ? TSimd.MultiplyAdd(v, g1, c31) : c31; }
                if (rows > 4) { v = TSimd.Broadcast(ap[4]); c40 = TSimd.MultiplyAdd(v, g0, c40); c41 = two ? TSimd.MultiplyAdd(v, g1, c41) : c41; }
                if (rows > 5) { v = TSimd.Broadcast(ap[5]); c50 = TSimd.MultiplyAdd(v, g0, c50); c51 = two ? TSimd.MultiplyAdd(v, g1, c51) : c51; }
                if (rows > 6) { v = TSimd.Broadcast(ap[6]); c60 = TSimd.MultiplyAdd(v, g0, c60); c61 = two ? TSimd.MultiplyAdd(v, g1, c61) : c61; }
                if (rows > 7) { v = TSimd.Broadcast(ap[7]); c70 = TSimd.MultiplyAdd(v, g0, c70); c71 = two ? TSimd.MultiplyAdd(v, g1, c71) : c71; }
                if (rows > 8) { v = TSimd.Broadcast(ap[8]); c80 = TSimd.MultiplyAdd(v, g0, c80); c81 = two ? TSimd.MultiplyAdd(v, g1, c81) : c81; }
                if (rows > 9) { v = TSimd.Broadcast(ap[9]); c90 = TSimd.MultiplyAdd(v, g0, c90); c91 = two ? TSimd.MultiplyAdd(v, g1, c91) : c91; }
                if (rows > 10) { v = TSimd.Broadcast(ap[10]); ca0 = TSimd.MultiplyAdd(v, g0, ca0); ca1 = two ? TSimd.MultiplyAdd(v, g1, ca1) : ca1; }
                if (rows > 11) { v = TSimd.Broadcast(ap[11]); cb0 = TSimd.MultiplyAdd(v, g0, cb0); cb1 = two ? TSimd.MultiplyAdd(v, g1, cb1) : cb1; }
                ap += step;
                gp += ldy;
            }
        }

        StoreGradient<TSimd, TVec>(c00, c01, dk, two, add);
        if (rows > 1) StoreGradient<TSimd, TVec>(c10, c11, dk + ldk, two, add);
        if (rows > 2) StoreGradient<TSimd, TVec>(c20, c21, dk + (2 * ldk), two, add);
        if (rows > 3) StoreGradient<TSimd, TVec>(c30, c31, dk + (3 * ldk), two, add);
        if (rows > 4) StoreGradient<TSimd, TVec>(c40, c41, dk + (4 * ldk), two, add);
        if (rows > 5) StoreGradient<TSimd, TVec>(c50, c51, dk + (5 * ldk), two, add);
        if (rows > 6) StoreGradient<TSimd, TVec>(c60, c61, dk + (6 * ldk), two, add);
        if (rows > 7) StoreGradient<TSimd, TVec>(c70, c71, dk + (7 * ldk), two, add);
        if (rows > 8) StoreGradient<TSimd, TVec>(c80, c81, dk + (8 * ldk), two, add);
        if (rows > 9) StoreGradient<TSimd, TVec>(c90, c91, dk + (9 * ldk), two, add);
        if (rows > 10) StoreGradient<TSimd, TVec>(ca0, ca1, dk + (10 * ldk), two, add);
        if (rows > 11) StoreGradient<TSimd, TVec>(cb0, cb1, dk + (11 * ldk), two, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreOutput<TSimd, TVec>(TVec s0, TVec s1, float* c, bool two, bool relu)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        if (relu)
        {
            s0 = TSimd.Max(s0, TSimd.Zero);
            s1 = TSimd.Max(s1, TSimd.Zero);
        }

        TSimd.Store(s0, ref *c);
        if (two)
        {
            TSimd.Store(s1, ref *(c + TSimd.Count));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreGradient<TSimd, TVec>(TVec s0, TVec s1, float* c, bool two, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        TSimd.Store(add ? TSimd.Add(s0, TSimd.Load(ref *c)) : s0, ref *c);
        if (two)
        {
            float* c1 = c + TSimd.Count;
            TSimd.Store(add ? TSimd.Add(s1, TSimd.Load(ref *c1)) : s1, ref *c1);
        }
    }

    /// <summary>
    /// Where the windows read: an image of <c>(OH - 1) * SH + (KH - 1) * DH + 1</c> rows of <c>(OW - 1) * SW + KW</c>
    /// pixels, the input shifted by the padding with zeros around it; the input itself when no padding reaches in.
    /// </summary>
    private readonly struct PaddedImage
    {
        public PaddedImage(in WindowGeometry g)
        {
            Rows = ((g.OH - 1) * g.SH) + ((g.KH - 1) * g.DH) + 1;
            Columns = ((g.OW - 1) * g.SW) + g.KW;
            InPlace = g.PadTop == 0 && g.PadLeft == 0 && Rows <= g.H && Columns <= g.W;
            RowStride = (InPlace ? g.W : Columns) * g.C;
        }

        public int Rows { get; }

        public int Columns { get; }

        public bool InPlace { get; }

        /// <summary>Floats between the starts of two rows.</summary>
        public int RowStride { get; }

        /// <summary>Floats of a padded copy.</summary>
        public int Size => Rows * RowStride;

        /// <summary>offsets[p] for window element p = (kh, kw, c): <c>kh * DH * RowStride + kw * C + c</c>.</summary>
        public unsafe void Offsets(in WindowGeometry g, int* offsets)
        {
            int p = 0;
            for (int kh = 0; kh < g.KH; kh++)
            {
                for (int q = 0; q < g.KW * g.C; q++)
                {
                    offsets[p++] = (kh * g.DH * RowStride) + q;
                }
            }
        }

        /// <summary>Image n: in x itself, or copied with its padding into <paramref name="pad"/>.</summary>
        public unsafe float* Of(float* x, float* pad, in WindowGeometry g, int n)
        {
            long imageSize = (long)g.H * g.W * g.C;
            float* source = x + (n * imageSize);
            if (InPlace)
            {
                return source;
            }

            // Input columns [first, last) land at padded columns PadLeft + iw; the rest of each row is zeros.
            int first = 0, last = Math.Min(g.W, Columns - g.PadLeft);
            for (int r = 0; r < Rows; r++)
            {
                var row = new Span<float>(pad + ((long)r * RowStride), RowStride);
                int ih = r - g.PadTop;
                if ((uint)ih >= (uint)g.H || last <= first)
                {
                    row.Clear();
                    continue;
                }

                int left = g.PadLeft * g.C, count = (last - first) * g.C;
                row[..left].Clear();
                new ReadOnlySpan<float>(source + ((long)ih * g.W * g.C), count).CopyTo(row.Slice(left, count));
                row[(left + count)..].Clear();
            }

            return pad;
        }
    }
}
