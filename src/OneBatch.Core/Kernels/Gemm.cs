using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// General matrix multiply on row-major float spans: <c>C[m,n] (+)= op(A)[m,k] @ op(B)[k,n]</c>, where
/// <c>op(A)</c> is A stored <c>[m,k]</c>, or A stored <c>[k,m]</c> and read transposed (likewise B).
/// </summary>
public static partial class Gemm
{
    /// <param name="a">A, <c>[m,k]</c>, or <c>[k,m]</c> when <paramref name="transposeA"/>.</param>
    /// <param name="b">B, <c>[k,n]</c>, or <c>[n,k]</c> when <paramref name="transposeB"/>.</param>
    /// <param name="c">C, <c>[m,n]</c>.</param>
    /// <param name="accumulate">Add into C instead of overwriting it.</param>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException($"Gemm spans are too short for m={m}, n={n}, k={k}.");
        }

        bool packed = UsePacked(transposeB, m, n, k);
        bool parallel = (long)m * n * k >= ThreadedMinWork;
        Run(a, transposeA, b, transposeB, c, m, n, k, accumulate, packed, parallel);
    }

    // Below this many multiply-adds a product always runs on the unpacked kernel: packing would cost more than it saves.
    private const long PackedMinWork = 1L << 16;

    // Past this many floats (128 KB), B no longer stays in L2 beside everything else while the unpacked kernel streams it
    // once per 4 rows of C.
    private const long UnpackedMaxB = 1L << 15;

    // Products of at least this many multiply-adds (about 0.1 ms of work on one core) are shared among the GemmTeam threads.
    internal const long ThreadedMinWork = 1L << 22;

    // The unpacked kernel reaches the packed one's speed when B stays in cache, needs no transpose and fills whole vectors.
    internal static bool UsePacked(bool transposeB, int m, int n, int k)
        => (long)m * n * k >= PackedMinWork
            && (transposeB || (long)k * n > UnpackedMaxB || n % (Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count) != 0);

    /// <summary>Runs the chosen kernel, on the team's threads when <paramref name="parallel"/> (and the team is free).</summary>
    internal static unsafe void Run(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, bool packed, bool parallel)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        int w = Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count;
        if (!packed && n < w)
        {
            Narrow(a, transposeA, b, transposeB, c, m, n, k, accumulate);
            return;
        }

        if (!packed && transposeB)
        {
            // B is stored [n,k]: the unpacked kernel streams rows of B, so lay it out as [k,n] once.
            float[] bt = Scratch.Get(Scratch.GemmA, k * n);
            Transpose(b, bt, n, k);
            b = bt.AsSpan(0, k * n);
            transposeB = false;
        }

        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob(packed, pa, lda, transposeA, pb, ldb, transposeB, pc, n, m, n, k, accumulate);
            bool team = parallel && GemmTeam.TryEnter();
            try
            {
                if (packed)
                {
                    Blocked(job, team);
                }
                else if (team)
                {
                    // Row bands of whole 4-row tiles, about four per thread.
                    int target = 4 * GemmTeam.Size;
                    int unitRows = Math.Max(4, ((m + target - 1) / target + 3) / 4 * 4);
                    var step = new GemmStep(job, null, 0, n, 0, k, accumulate);
                    GemmTeam.Run(new GemmPhase(GemmPhaseKind.Unpacked, step, (m + unitRows - 1) / unitRows, unitRows, n));
                }
                else
                {
                    Unpacked(job);
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

    /// <summary>The unpacked kernel: A read in place with strides, B [k,n] streamed by rows, C [m,n].</summary>
    internal static unsafe void Unpacked(in GemmJob job)
    {
        // A(i,p) = a[i*rowStride + p*colStride].
        int rowStride = job.TransposeA ? 1 : job.Lda;
        int colStride = job.TransposeA ? job.Lda : 1;
        if (Simd.Use512)
        {
            Kernel<Simd512, Vector512<float>>(ref *job.A, rowStride, colStride, ref *job.B, ref *job.C, job.M, job.N, job.K, job.Accumulate);
        }
        else
        {
            Kernel<Simd256, Vector256<float>>(ref *job.A, rowStride, colStride, ref *job.B, ref *job.C, job.M, job.N, job.K, job.Accumulate);
        }
    }

    // C rows shorter than a vector (n < w): vectors run along k (A stored [m,k]) or along m (A stored [k,m]) instead.
    private static void Narrow(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        if (!transposeA && !transposeB && n > 1)
        {
            // Dot products want the columns of B contiguous: B^T [n,k].
            float[] bt = Scratch.Get(Scratch.GemmA, k * n);
            Transpose(b, bt, k, n);
            b = bt.AsSpan(0, k * n);
            transposeB = true;
        }

        ref float A = ref MemoryMarshal.GetReference(a);
        ref float B = ref MemoryMarshal.GetReference(b);
        ref float C = ref MemoryMarshal.GetReference(c);
        if (Simd.Use512)
        {
            NarrowKernel<Simd512, Vector512<float>>(ref A, transposeA, ref B, transposeB, ref C, m, n, k, accumulate);
        }
        else
        {
            NarrowKernel<Simd256, Vector256<float>>(ref A, transposeA, ref B, transposeB, ref C, m, n, k, accumulate);
        }
    }

    private static void NarrowKernel<TSimd, TVec>(ref float A, bool transposeA, ref float B, bool transposeB, ref float C, int m, int n, int k, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;

        // B(p, j) = B[p*bp + j*bj].
        int bp = transposeB ? 1 : n;
        int bj = transposeB ? k : 1;
        if (!transposeA)
        {
            // C(i, j) = A row i . B column j, both contiguous along k (n == 1 or B laid out [n,k]).
            for (int i = 0; i < m; i++)
            {
                ref float ai = ref Unsafe.Add(ref A, i * k);
                for (int j = 0; j < n; j++)
                {
                    ref float bj0 = ref Unsafe.Add(ref B, j * bj);
                    TVec s = TSimd.Zero;
                    int p = 0;
                    for (; p + w <= k; p += w)
                    {
                        s = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref ai, p)), TSimd.Load(ref Unsafe.Add(ref bj0, p)), s);
                    }

                    float sum = TSimd.Sum(s);
                    for (; p < k; p++)
                    {
                        sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ai, p), Unsafe.Add(ref bj0, p), sum);
                    }

                    ref float cij = ref Unsafe.Add(ref C, (i * n) + j);
                    cij = accumulate ? cij + sum : sum;
                }
            }

            return;
        }

        // A stored [k,m]: C(i0..i0+w, j) = sum over p of A[p, i0..i0+w] * B(p, j); vectors run along m.
        Span<float> lanes = stackalloc float[16];
        ref float lane = ref MemoryMarshal.GetReference(lanes);
        int i0 = 0;
        for (; i0 + w <= m; i0 += w)
        {
            for (int j = 0; j < n; j++)
            {
                TVec s = TSimd.Zero;
                for (int p = 0; p < k; p++)
                {
                    s = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref A, (p * m) + i0)), TSimd.Broadcast(Unsafe.Add(ref B, (p * bp) + (j * bj))), s);
                }

                TSimd.Store(s, ref lane);
                for (int r = 0; r < w; r++)
                {
                    ref float cij = ref Unsafe.Add(ref C, ((i0 + r) * n) + j);
                    float v = Unsafe.Add(ref lane, r);
                    cij = accumulate ? cij + v : v;
                }
            }
        }

        for (; i0 < m; i0++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref A, (p * m) + i0), Unsafe.Add(ref B, (p * bp) + (j * bj)), sum);
                }

                ref float cij = ref Unsafe.Add(ref C, (i0 * n) + j);
                cij = accumulate ? cij + sum : sum;
            }
        }
    }

    /// <summary>dst[cols, rows] = src[rows, cols]^T.</summary>
    public static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        const int Block = 16;
        for (int i0 = 0; i0 < rows; i0 += Block)
        {
            int i1 = Math.Min(i0 + Block, rows);
            for (int j0 = 0; j0 < cols; j0 += Block)
            {
                int j1 = Math.Min(j0 + Block, cols);
                for (int i = i0; i < i1; i++)
                {
                    for (int j = j0; j < j1; j++)
                    {
                        dst[(j * rows) + i] = src[(i * cols) + j];
                    }
                }
            }
        }
    }

    // Register-blocked: a tile of 4 rows x 2 vectors of C stays in 8 accumulators while p runs over k.
    private static void Kernel<TSimd, TVec>(
        ref float A, int rs, int cs, ref float B, ref float C, int m, int n, int k, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;

        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j = 0;
            for (; j + (2 * w) <= n; j += 2 * w)
            {
                Tile4x2<TSimd, TVec>(ref A, rs, cs, ref B, ref C, i, j, n, k, accumulate);
            }

            for (; j + w <= n; j += w)
            {
                Tile4x1<TSimd, TVec>(ref A, rs, cs, ref B, ref C, i, j, n, k, accumulate);
            }

            for (int r = i; r < i + 4; r++)
            {
                ScalarColumns(ref A, rs, cs, ref B, ref C, r, j, n, k, accumulate);
            }
        }

        for (; i < m; i++)
        {
            int j = 0;
            for (; j + w <= n; j += w)
            {
                Tile1x1<TSimd, TVec>(ref A, rs, cs, ref B, ref C, i, j, n, k, accumulate);
            }

            ScalarColumns(ref A, rs, cs, ref B, ref C, i, j, n, k, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2<TSimd, TVec>(ref float A, int rs, int cs, ref float B, ref float C, int i, int j, int n, int k, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        ref float c0 = ref Unsafe.Add(ref C, (i * n) + j);
        ref float c1 = ref Unsafe.Add(ref c0, n);
        ref float c2 = ref Unsafe.Add(ref c1, n);
        ref float c3 = ref Unsafe.Add(ref c2, n);
        TVec s00 = TSimd.Zero, s01 = TSimd.Zero, s10 = TSimd.Zero, s11 = TSimd.Zero;
        TVec s20 = TSimd.Zero, s21 = TSimd.Zero, s30 = TSimd.Zero, s31 = TSimd.Zero;
        ref float a0 = ref Unsafe.Add(ref A, i * rs);
        for (int p = 0; p < k; p++)
        {
            ref float bp = ref Unsafe.Add(ref B, (p * n) + j);
            TVec b0 = TSimd.Load(ref bp);
            TVec b1 = TSimd.Load(ref Unsafe.Add(ref bp, w));
            ref float ap = ref Unsafe.Add(ref a0, p * cs);
            TVec x = TSimd.Broadcast(ap);
            s00 = TSimd.MultiplyAdd(x, b0, s00);
            s01 = TSimd.MultiplyAdd(x, b1, s01);
            x = TSimd.Broadcast(Unsafe.Add(ref ap, rs));
            s10 = TSimd.MultiplyAdd(x, b0, s10);
            s11 = TSimd.MultiplyAdd(x, b1, s11);
            x = TSimd.Broadcast(Unsafe.Add(ref ap, 2 * rs));
            s20 = TSimd.MultiplyAdd(x, b0, s20);
            s21 = TSimd.MultiplyAdd(x, b1, s21);
            x = TSimd.Broadcast(Unsafe.Add(ref ap, 3 * rs));
            s30 = TSimd.MultiplyAdd(x, b0, s30);
            s31 = TSimd.MultiplyAdd(x, b1, s31);
        }

        StoreTile<TSimd, TVec>(s00, ref c0, accumulate);
        StoreTile<TSimd, TVec>(s01, ref Unsafe.Add(ref c0, w), accumulate);
        StoreTile<TSimd, TVec>(s10, ref c1, accumulate);
        StoreTile<TSimd, TVec>(s11, ref Unsafe.Add(ref c1, w), accumulate);
        StoreTile<TSimd, TVec>(s20, ref c2, accumulate);
        StoreTile<TSimd, TVec>(s21, ref Unsafe.Add(ref c2, w), accumulate);
        StoreTile<TSimd, TVec>(s30, ref c3, accumulate);
        StoreTile<TSimd, TVec>(s31, ref Unsafe.Add(ref c3, w), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1<TSimd, TVec>(ref float A, int rs, int cs, ref float B, ref float C, int i, int j, int n, int k, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float c0 = ref Unsafe.Add(ref C, (i * n) + j);
        TVec s0 = TSimd.Zero, s1 = TSimd.Zero, s2 = TSimd.Zero, s3 = TSimd.Zero;
        ref float a0 = ref Unsafe.Add(ref A, i * rs);
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TSimd.Load(ref Unsafe.Add(ref B, (p * n) + j));
            ref float ap = ref Unsafe.Add(ref a0, p * cs);
            s0 = TSimd.MultiplyAdd(TSimd.Broadcast(ap), b0, s0);
            s1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref ap, rs)), b0, s1);
            s2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref ap, 2 * rs)), b0, s2);
            s3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref ap, 3 * rs)), b0, s3);
        }

        StoreTile<TSimd, TVec>(s0, ref c0, accumulate);
        StoreTile<TSimd, TVec>(s1, ref Unsafe.Add(ref c0, n), accumulate);
        StoreTile<TSimd, TVec>(s2, ref Unsafe.Add(ref c0, 2 * n), accumulate);
        StoreTile<TSimd, TVec>(s3, ref Unsafe.Add(ref c0, 3 * n), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x1<TSimd, TVec>(ref float A, int rs, int cs, ref float B, ref float C, int i, int j, int n, int k, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        TVec s = TSimd.Zero;
        ref float a0 = ref Unsafe.Add(ref A, i * rs);
        for (int p = 0; p < k; p++)
        {
            s = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref a0, p * cs)), TSimd.Load(ref Unsafe.Add(ref B, (p * n) + j)), s);
        }

        StoreTile<TSimd, TVec>(s, ref Unsafe.Add(ref C, (i * n) + j), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile<TSimd, TVec>(TVec sum, ref float c, bool accumulate)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        => TSimd.Store(accumulate ? TSimd.Add(sum, TSimd.Load(ref c)) : sum, ref c);

    // Columns j..n of row i that do not fill a vector: plain dot products.
    private static void ScalarColumns(ref float A, int rs, int cs, ref float B, ref float C, int i, int j, int n, int k, bool accumulate)
    {
        ref float a0 = ref Unsafe.Add(ref A, i * rs);
        for (; j < n; j++)
        {
            float s = 0f;
            for (int p = 0; p < k; p++)
            {
                s = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, p * cs), Unsafe.Add(ref B, (p * n) + j), s);
            }

            ref float cij = ref Unsafe.Add(ref C, (i * n) + j);
            cij = accumulate ? cij + s : s;
        }
    }
}
