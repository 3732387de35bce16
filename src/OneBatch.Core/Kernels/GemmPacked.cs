using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OneBatch.Kernels;

/// <summary>
/// The packed GEMM (Goto/BLIS scheme): for each NC-wide column block and KC-deep slice of op(B), B is packed into
/// KC x NR slivers (kept in L2); for each MC-tall row block op(A) is packed into MR x KC slivers (one sits in L1
/// while it meets every B sliver); a register-blocked micro-kernel computes each MR x NR tile of C. The packing
/// routines read all four transpose cases directly, so no separate transpose pass is made. Every element of C is
/// computed by the same sequence of operations whatever the block or thread it falls in, so results do not
/// depend on the thread count.
/// </summary>
public static partial class Gemm
{
    private const int KC = 256;
    private const int MC = 144; // a multiple of both MR (12 or 6)
    private const int NC = 512; // a multiple of both NR (32 or 16); KC x NC x 4 bytes = 512 KB of packed B

    // A (jc, pc) step of fewer multiply-adds (about 40 us on one core) is not worth waking the team for: with m and n
    // small and k large (27x32x14400, 16x2304x128) the steps are many and short.
    private const long ThreadedMinStep = 1L << 21;

    internal static unsafe void Blocked(in GemmJob job, bool parallel)
    {
        if (Simd.Use512)
        {
            BlockedCore<Simd512, Vector512<float>>(job, parallel);
        }
        else
        {
            BlockedCore<Simd256, Vector256<float>>(job, parallel);
        }
    }

    /// <summary>Rows of the register tile: 12 x 2 vectors needs 24 accumulators (AVX-512 has 32 registers), 6 x 2 needs 12 (AVX2 has 16).</summary>
    internal static int TileRows<TSimd, TVec>()
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        => TSimd.Count >= 16 ? 12 : 6;

    /// <summary>One unit of a <see cref="GemmPhase"/>, on whichever thread claimed it.</summary>
    internal static void RunUnit(in GemmPhase phase, int unit)
    {
        if (phase.Kind == GemmPhaseKind.Convolution)
        {
            OneBatch.Kernels.Convolution.RunUnit(phase.Convolution, unit);
        }
        else if (phase.Kind == GemmPhaseKind.Work)
        {
            phase.Work!.RunUnit(unit);
        }
        else if (Simd.Use512)
        {
            RunUnit<Simd512, Vector512<float>>(phase, unit);
        }
        else
        {
            RunUnit<Simd256, Vector256<float>>(phase, unit);
        }
    }

    private static unsafe void RunUnit<TSimd, TVec>(in GemmPhase phase, int unit)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int nr = 2 * TSimd.Count;
        ref readonly GemmStep step = ref phase.Step;
        switch (phase.Kind)
        {
            case GemmPhaseKind.Unpacked:
            {
                int lo = unit * phase.UnitRows;
                Unpacked(step.Job.Rows(lo, Math.Min(step.Job.M, lo + phase.UnitRows)));
                break;
            }

            case GemmPhaseKind.PackB:
            {
                int j0 = unit * phase.UnitColumns;
                PackB(step, j0, Math.Min(step.Nc, j0 + phase.UnitColumns), nr);
                break;
            }

            default:
            {
                int rowUnits = (step.Job.M + phase.UnitRows - 1) / phase.UnitRows;
                int i0 = unit % rowUnits * phase.UnitRows;
                int j0 = unit / rowUnits * phase.UnitColumns;
                ComputeBlock<TSimd, TVec>(step, i0, Math.Min(step.Job.M, i0 + phase.UnitRows), j0, Math.Min(step.Nc, j0 + phase.UnitColumns));
                break;
            }
        }
    }

    // KC-deep slices of equal depth (288 = 144 + 144, not 256 + 32); depends on k only, so every thread count agrees.
    private static int SliceDepth(int k) => (k + ((k + KC - 1) / KC) - 1) / ((k + KC - 1) / KC);

    private static unsafe void BlockedCore<TSimd, TVec>(in GemmJob job, bool parallel)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int mr = TileRows<TSimd, TVec>();
        int nr = 2 * TSimd.Count;
        int m = job.M, n = job.N, k = job.K;
        int depth = SliceDepth(k);
        float[] bBuffer = Scratch.Get(Scratch.GemmB, (KC * NC) + Scratch.CacheLineFloats);
        fixed (float* bBase = bBuffer)
        {
            // The micro-kernel loads B a full vector at a time: on a cache-line boundary no load is split in two.
            float* bp = Scratch.AlignToCacheLine(bBase);
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += depth)
                {
                    var step = new GemmStep(job, bp, jc, nc, pc, Math.Min(depth, k - pc), job.Accumulate || pc > 0);
                    if (!parallel || (long)m * nc * step.Kc < ThreadedMinStep)
                    {
                        PackB(step, 0, nc, nr);
                        ComputeBlock<TSimd, TVec>(step, 0, m, 0, nc);
                        continue;
                    }

                    // Units for about four per thread: the B panel by groups of slivers (at least 8K floats each), then C by row blocks of whole
                    // register tiles (at most MC) times column groups (only when there are too few row blocks).
                    int target = 4 * GemmTeam.Size;
                    int slivers = (nc + nr - 1) / nr;
                    int packColumns = Math.Max((slivers + target - 1) / target, 8192 / (step.Kc * nr)) * nr;
                    GemmTeam.Run(new GemmPhase(GemmPhaseKind.PackB, step, (nc + packColumns - 1) / packColumns, 0, packColumns));
                    int unitRows = Math.Clamp(((m + target - 1) / target + mr - 1) / mr * mr, mr, MC);
                    int rowUnits = (m + unitRows - 1) / unitRows;
                    int groups = Math.Clamp((target + rowUnits - 1) / rowUnits, 1, slivers);
                    int unitColumns = (slivers + groups - 1) / groups * nr;
                    groups = (nc + unitColumns - 1) / unitColumns;
                    GemmTeam.Run(new GemmPhase(GemmPhaseKind.Compute, step, rowUnits * groups, unitRows, unitColumns));
                }
            }
        }
    }

    /// <summary>Rows [i0, i1) x columns [j0, j1) of one step's C block (j0 a multiple of nr); packs A into this thread's scratch.</summary>
    private static unsafe void ComputeBlock<TSimd, TVec>(in GemmStep step, int i0, int i1, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int mr = TileRows<TSimd, TVec>();
        int nr = 2 * TSimd.Count;
        int kc = step.Kc, ldc = step.Job.Ldc;
        bool add = step.Add;
        float* bp = step.Bp;
        // The 4-row kernel on a short sliver may read up to 3 rows past it (discarded): pad so that stays in the array.
        float[] aBuffer = Scratch.Get(Scratch.GemmA, (MC * KC) + 16);
        float* edge = stackalloc float[12 * 32];
        fixed (float* ap = aBuffer)
        {
            for (int ic = i0; ic < i1; ic += MC)
            {
                int mc = Math.Min(MC, i1 - ic);
                PackA(step.Job.A, step.Job.Lda, step.Job.TransposeA, ic, step.Pc, mc, kc, ap, mr);
                for (int ir = 0; ir < mc; ir += mr)
                {
                    int rows = Math.Min(mr, mc - ir);
                    float* aSliver = ap + (ir * kc);
                    float* cRow = step.Job.C + ((long)(ic + ir) * ldc) + step.Jc;
                    for (int jr = j0; jr < j1; jr += nr)
                    {
                        int cols = Math.Min(nr, j1 - jr);
                        float* bSliver = bp + (jr * kc);
                        if (rows == mr && cols == nr)
                        {
                            MicroKernel<TSimd, TVec>(aSliver, mr, bSliver, nr, kc, cRow + jr, ldc, add);
                        }
                        else if (rows == mr)
                        {
                            MicroKernel<TSimd, TVec>(aSliver, mr, bSliver, nr, kc, edge, nr, false);
                            StoreEdge(edge, nr, cRow + jr, ldc, rows, cols, add);
                        }
                        else
                        {
                            // A short sliver (the last rows of C) runs 4 rows at a time instead of padding to mr.
                            for (int r0 = 0; r0 < rows; r0 += 4)
                            {
                                float* c4 = cRow + jr + ((long)r0 * ldc);
                                if (r0 + 4 <= rows && cols == nr)
                                {
                                    Micro4<TSimd, TVec>(aSliver + r0, mr, bSliver, nr, kc, c4, ldc, add);
                                }
                                else
                                {
                                    Micro4<TSimd, TVec>(aSliver + r0, mr, bSliver, nr, kc, edge, nr, false);
                                    StoreEdge(edge, nr, c4, ldc, Math.Min(4, rows - r0), cols, add);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static unsafe void StoreEdge(float* tile, int nr, float* c, int ldc, int rows, int cols, bool add)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + (r * nr);
            float* d = c + ((long)r * ldc);
            int j = 0;
            for (; j + 8 <= cols; j += 8)
            {
                Vector256<float> v = Vector256.Load(t + j);
                Vector256.Store(add ? v + Vector256.Load(d + j) : v, d + j);
            }

            for (; j < cols; j++)
            {
                d[j] = add ? t[j] + d[j] : t[j];
            }
        }
    }

    // Packs columns [j0, j1) (j0 a multiple of nr) of the step's B panel op(B)[pc..pc+kc, jc..jc+nc] as slivers of nr
    // columns: the sliver at column jr holds B(pc + p, jc + jr + j) at [jr*kc + p*nr + j], zero beyond column nc.
    private static unsafe void PackB(in GemmStep step, int j0, int j1, int nr)
    {
        float* b = step.Job.B;
        int ldb = step.Job.Ldb, kc = step.Kc;
        for (int jr = j0; jr < j1; jr += nr)
        {
            int cols = Math.Min(nr, j1 - jr);
            float* d = step.Bp + (jr * kc);
            if (step.Job.TransposeB)
            {
                // B stored [n, k]: B(p, j) = b[j*ldb + p].
                PackAcross(b + ((long)(step.Jc + jr) * ldb) + step.Pc, ldb, cols, nr, kc, d);
            }
            else
            {
                // B stored [k, n]: each row of the sliver is contiguous.
                PackAlong(b + ((long)step.Pc * ldb) + step.Jc + jr, ldb, cols, nr, kc, d);
            }
        }
    }

    // Packs op(A)[ic..ic+mc, pc..pc+kc] as slivers of mr rows: sliver s holds A(ic + s*mr + r, p) at [s*mr*kc + p*mr + r],
    // zero beyond row mc.
    private static unsafe void PackA(float* a, int lda, bool transposed, int ic, int pc, int mc, int kc, float* dst, int mr)
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* d = dst + (ir * kc);
            if (transposed)
            {
                // A stored [k, m]: A(i, p) = a[p*lda + i].
                PackAlong(a + ((long)pc * lda) + ic + ir, lda, rows, mr, kc, d);
            }
            else
            {
                // A stored [m, k]: A(i, p) = a[i*lda + p].
                PackAcross(a + ((long)(ic + ir) * lda) + pc, lda, rows, mr, kc, d);
            }
        }
    }

    // d[p*width + j] = s[p*ld + j] for j < count, 0 for count <= j < width.
    private static unsafe void PackAlong(float* s, int ld, int count, int width, int kc, float* d)
    {
        for (int p = 0; p < kc; p++)
        {
            int j = 0;
            for (; j + 8 <= count; j += 8)
            {
                Vector256.Store(Vector256.Load(s + j), d + j);
            }

            for (; j + 4 <= count; j += 4)
            {
                Vector128.Store(Vector128.Load(s + j), d + j);
            }

            for (; j < count; j++)
            {
                d[j] = s[j];
            }

            for (; j < width; j++)
            {
                d[j] = 0f;
            }

            s += ld;
            d += width;
        }
    }

    // d[p*width + j] = s[j*ld + p] for j < count, 0 for count <= j < width: a transpose, done in 4 x 4 blocks where SSE is available.
    private static unsafe void PackAcross(float* s, int ld, int count, int width, int kc, float* d)
    {
        int j = 0;
        if (Sse.IsSupported)
        {
            for (; j + 4 <= count; j += 4)
            {
                float* s0 = s + ((long)j * ld);
                float* s1 = s0 + ld;
                float* s2 = s1 + ld;
                float* s3 = s2 + ld;
                float* dj = d + j;
                int p = 0;
                for (; p + 4 <= kc; p += 4)
                {
                    Vector128<float> r0 = Sse.LoadVector128(s0 + p);
                    Vector128<float> r1 = Sse.LoadVector128(s1 + p);
                    Vector128<float> r2 = Sse.LoadVector128(s2 + p);
                    Vector128<float> r3 = Sse.LoadVector128(s3 + p);
                    Vector128<float> t0 = Sse.UnpackLow(r0, r1);
                    Vector128<float> t1 = Sse.UnpackLow(r2, r3);
                    Vector128<float> t2 = Sse.UnpackHigh(r0, r1);
                    Vector128<float> t3 = Sse.UnpackHigh(r2, r3);
                    float* o = dj + (p * width);
                    Sse.Store(o, Sse.MoveLowToHigh(t0, t1));
                    Sse.Store(o + width, Sse.MoveHighToLow(t1, t0));
                    Sse.Store(o + (2 * width), Sse.MoveLowToHigh(t2, t3));
                    Sse.Store(o + (3 * width), Sse.MoveHighToLow(t3, t2));
                }

                for (; p < kc; p++)
                {
                    float* o = dj + (p * width);
                    o[0] = s0[p];
                    o[1] = s1[p];
                    o[2] = s2[p];
                    o[3] = s3[p];
                }
            }
        }

        for (; j < count; j++)
        {
            float* sj = s + ((long)j * ld);
            for (int p = 0; p < kc; p++)
            {
                d[(p * width) + j] = sj[p];
            }
        }

        if (count < width)
        {
            for (int p = 0; p < kc; p++)
            {
                new Span<float>(d + (p * width) + count, width - count).Clear();
            }
        }
    }

    // C[mr, 2w] (+)= A sliver [kc, mr] (broadcast) x B sliver [kc, 2w] (vectors): packed, so step p of A is mr floats
    // on and B's 2w; read in place (see AtB), they are a row of each matrix on.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void MicroKernel<TSimd, TVec>(float* a, nint aStride, float* b, nint bStride, int kc, float* c, int ldc, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        if (TSimd.Count >= 16)
        {
            Micro12<TSimd, TVec>(a, aStride, b, bStride, kc, c, ldc, add);
        }
        else
        {
            Micro6<TSimd, TVec>(a, aStride, b, bStride, kc, c, ldc, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro12<TSimd, TVec>(float* a, nint aStride, float* b, nint bStride, int kc, float* c, int ldc, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c10 = TSimd.Zero, c11 = TSimd.Zero;
        TVec c20 = TSimd.Zero, c21 = TSimd.Zero, c30 = TSimd.Zero, c31 = TSimd.Zero;
        TVec c40 = TSimd.Zero, c41 = TSimd.Zero, c50 = TSimd.Zero, c51 = TSimd.Zero;
        TVec c60 = TSimd.Zero, c61 = TSimd.Zero, c70 = TSimd.Zero, c71 = TSimd.Zero;
        TVec c80 = TSimd.Zero, c81 = TSimd.Zero, c90 = TSimd.Zero, c91 = TSimd.Zero;
        TVec ca0 = TSimd.Zero, ca1 = TSimd.Zero, cb0 = TSimd.Zero, cb1 = TSimd.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(ref *b);
            TVec b1 = TSimd.Load(ref *(b + w));
            TVec x = TSimd.Broadcast(a[0]);
            c00 = TSimd.MultiplyAdd(x, b0, c00);
            c01 = TSimd.MultiplyAdd(x, b1, c01);
            x = TSimd.Broadcast(a[1]);
            c10 = TSimd.MultiplyAdd(x, b0, c10);
            c11 = TSimd.MultiplyAdd(x, b1, c11);
            x = TSimd.Broadcast(a[2]);
            c20 = TSimd.MultiplyAdd(x, b0, c20);
            c21 = TSimd.MultiplyAdd(x, b1, c21);
            x = TSimd.Broadcast(a[3]);
            c30 = TSimd.MultiplyAdd(x, b0, c30);
            c31 = TSimd.MultiplyAdd(x, b1, c31);
            x = TSimd.Broadcast(a[4]);
            c40 = TSimd.MultiplyAdd(x, b0, c40);
            c41 = TSimd.MultiplyAdd(x, b1, c41);
            x = TSimd.Broadcast(a[5]);
            c50 = TSimd.MultiplyAdd(x, b0, c50);
            c51 = TSimd.MultiplyAdd(x, b1, c51);
            x = TSimd.Broadcast(a[6]);
            c60 = TSimd.MultiplyAdd(x, b0, c60);
            c61 = TSimd.MultiplyAdd(x, b1, c61);
            x = TSimd.Broadcast(a[7]);
            c70 = TSimd.MultiplyAdd(x, b0, c70);
            c71 = TSimd.MultiplyAdd(x, b1, c71);
            x = TSimd.Broadcast(a[8]);
            c80 = TSimd.MultiplyAdd(x, b0, c80);
            c81 = TSimd.MultiplyAdd(x, b1, c81);
            x = TSimd.Broadcast(a[9]);
            c90 = TSimd.MultiplyAdd(x, b0, c90);
            c91 = TSimd.MultiplyAdd(x, b1, c91);
            x = TSimd.Broadcast(a[10]);
            ca0 = TSimd.MultiplyAdd(x, b0, ca0);
            ca1 = TSimd.MultiplyAdd(x, b1, ca1);
            x = TSimd.Broadcast(a[11]);
            cb0 = TSimd.MultiplyAdd(x, b0, cb0);
            cb1 = TSimd.MultiplyAdd(x, b1, cb1);
            a += aStride;
            b += bStride;
        }

        StoreRow<TSimd, TVec>(c00, c01, c, add);
        StoreRow<TSimd, TVec>(c10, c11, c + ldc, add);
        StoreRow<TSimd, TVec>(c20, c21, c + (2 * ldc), add);
        StoreRow<TSimd, TVec>(c30, c31, c + (3 * ldc), add);
        StoreRow<TSimd, TVec>(c40, c41, c + (4 * ldc), add);
        StoreRow<TSimd, TVec>(c50, c51, c + (5 * ldc), add);
        StoreRow<TSimd, TVec>(c60, c61, c + (6 * ldc), add);
        StoreRow<TSimd, TVec>(c70, c71, c + (7 * ldc), add);
        StoreRow<TSimd, TVec>(c80, c81, c + (8 * ldc), add);
        StoreRow<TSimd, TVec>(c90, c91, c + (9 * ldc), add);
        StoreRow<TSimd, TVec>(ca0, ca1, c + (10 * ldc), add);
        StoreRow<TSimd, TVec>(cb0, cb1, c + (11 * ldc), add);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro6<TSimd, TVec>(float* a, nint aStride, float* b, nint bStride, int kc, float* c, int ldc, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c10 = TSimd.Zero, c11 = TSimd.Zero;
        TVec c20 = TSimd.Zero, c21 = TSimd.Zero, c30 = TSimd.Zero, c31 = TSimd.Zero;
        TVec c40 = TSimd.Zero, c41 = TSimd.Zero, c50 = TSimd.Zero, c51 = TSimd.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(ref *b);
            TVec b1 = TSimd.Load(ref *(b + w));
            TVec x = TSimd.Broadcast(a[0]);
            c00 = TSimd.MultiplyAdd(x, b0, c00);
            c01 = TSimd.MultiplyAdd(x, b1, c01);
            x = TSimd.Broadcast(a[1]);
            c10 = TSimd.MultiplyAdd(x, b0, c10);
            c11 = TSimd.MultiplyAdd(x, b1, c11);
            x = TSimd.Broadcast(a[2]);
            c20 = TSimd.MultiplyAdd(x, b0, c20);
            c21 = TSimd.MultiplyAdd(x, b1, c21);
            x = TSimd.Broadcast(a[3]);
            c30 = TSimd.MultiplyAdd(x, b0, c30);
            c31 = TSimd.MultiplyAdd(x, b1, c31);
            x = TSimd.Broadcast(a[4]);
            c40 = TSimd.MultiplyAdd(x, b0, c40);
            c41 = TSimd.MultiplyAdd(x, b1, c41);
            x = TSimd.Broadcast(a[5]);
            c50 = TSimd.MultiplyAdd(x, b0, c50);
            c51 = TSimd.MultiplyAdd(x, b1, c51);
            a += aStride;
            b += bStride;
        }

        StoreRow<TSimd, TVec>(c00, c01, c, add);
        StoreRow<TSimd, TVec>(c10, c11, c + ldc, add);
        StoreRow<TSimd, TVec>(c20, c21, c + (2 * ldc), add);
        StoreRow<TSimd, TVec>(c30, c31, c + (3 * ldc), add);
        StoreRow<TSimd, TVec>(c40, c41, c + (4 * ldc), add);
        StoreRow<TSimd, TVec>(c50, c51, c + (5 * ldc), add);
    }

    // C[4, 2w] (+)= rows of an A sliver whose p-th column starts at a + p*aStride, x B sliver [kc, 2w].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro4<TSimd, TVec>(float* a, nint aStride, float* b, nint bStride, int kc, float* c, int ldc, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c10 = TSimd.Zero, c11 = TSimd.Zero;
        TVec c20 = TSimd.Zero, c21 = TSimd.Zero, c30 = TSimd.Zero, c31 = TSimd.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(ref *b);
            TVec b1 = TSimd.Load(ref *(b + w));
            TVec x = TSimd.Broadcast(a[0]);
            c00 = TSimd.MultiplyAdd(x, b0, c00);
            c01 = TSimd.MultiplyAdd(x, b1, c01);
            x = TSimd.Broadcast(a[1]);
            c10 = TSimd.MultiplyAdd(x, b0, c10);
            c11 = TSimd.MultiplyAdd(x, b1, c11);
            x = TSimd.Broadcast(a[2]);
            c20 = TSimd.MultiplyAdd(x, b0, c20);
            c21 = TSimd.MultiplyAdd(x, b1, c21);
            x = TSimd.Broadcast(a[3]);
            c30 = TSimd.MultiplyAdd(x, b0, c30);
            c31 = TSimd.MultiplyAdd(x, b1, c31);
            a += aStride;
            b += bStride;
        }

        StoreRow<TSimd, TVec>(c00, c01, c, add);
        StoreRow<TSimd, TVec>(c10, c11, c + ldc, add);
        StoreRow<TSimd, TVec>(c20, c21, c + (2 * ldc), add);
        StoreRow<TSimd, TVec>(c30, c31, c + (3 * ldc), add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow<TSimd, TVec>(TVec s0, TVec s1, float* c, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TSimd.Count;
        if (add)
        {
            s0 = TSimd.Add(s0, TSimd.Load(ref *c));
            s1 = TSimd.Add(s1, TSimd.Load(ref *(c + w)));
        }

        TSimd.Store(s0, ref *c);
        TSimd.Store(s1, ref *(c + w));
    }
}

/// <summary>One GEMM over raw pointers (pinned by the caller for the duration): C[m,n] (+)= op(A) op(B).</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly unsafe struct GemmJob(
    bool packed, float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, float* c, int ldc, int m, int n, int k, bool accumulate)
{
    /// <summary>Packed kernel (any layout) or unpacked one (B not transposed, <c>ldb == ldc == n</c>: rows may be split, not columns).</summary>
    public readonly bool Packed = packed;
    public readonly float* A = a;
    public readonly int Lda = lda;
    public readonly bool TransposeA = transposeA;
    public readonly float* B = b;
    public readonly int Ldb = ldb;
    public readonly bool TransposeB = transposeB;
    public readonly float* C = c;
    public readonly int Ldc = ldc;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly bool Accumulate = accumulate;

    /// <summary>Rows [i0, i1) of C.</summary>
    public GemmJob Rows(int i0, int i1)
        => new(Packed, TransposeA ? A + i0 : A + ((long)i0 * Lda), Lda, TransposeA, B, Ldb, TransposeB, C + ((long)i0 * Ldc), Ldc, i1 - i0, N, K, Accumulate);
}

/// <summary>One (jc, pc) step of a packed GEMM: the B panel op(B)[pc..pc+kc, jc..jc+nc] packed at <see cref="Bp"/>.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly unsafe struct GemmStep(GemmJob job, float* bp, int jc, int nc, int pc, int kc, bool add)
{
    public readonly GemmJob Job = job;
    public readonly float* Bp = bp;
    public readonly int Jc = jc;
    public readonly int Nc = nc;
    public readonly int Pc = pc;
    public readonly int Kc = kc;

    /// <summary>Add into C (accumulating, or a later K slice) rather than overwrite it.</summary>
    public readonly bool Add = add;
}

internal enum GemmPhaseKind
{
    /// <summary>Unit u runs the unpacked kernel on rows [u*UnitRows, (u+1)*UnitRows) of the job.</summary>
    Unpacked,

    /// <summary>Unit u packs columns [u*UnitColumns, (u+1)*UnitColumns) of the step's B panel.</summary>
    PackB,

    /// <summary>Unit u computes one UnitRows x UnitColumns block of the step (row blocks vary fastest).</summary>
    Compute,

    /// <summary>Unit u runs unit u of a <see cref="ConvolutionTask"/> (im2col and GEMMs of its own images).</summary>
    Convolution,

    /// <summary>Unit u runs unit u of an <see cref="ITeamWork"/> (a recurrent op's loop over time for some samples).</summary>
    Work,
}

/// <summary>Work the <see cref="GemmTeam"/> shares out: <see cref="Units"/> independent units.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct GemmPhase(GemmPhaseKind kind, GemmStep step, int units, int unitRows, int unitColumns)
{
    public GemmPhase(in ConvolutionTask task)
        : this(GemmPhaseKind.Convolution, default, task.Units, 0, 0) => Convolution = task;

    public GemmPhase(ITeamWork work, int units)
        : this(GemmPhaseKind.Work, default, units, 0, 0) => Work = work;

    public readonly ITeamWork? Work;

    public readonly ConvolutionTask Convolution;

    public readonly GemmPhaseKind Kind = kind;
    public readonly GemmStep Step = step;
    public readonly int Units = units;
    public readonly int UnitRows = unitRows;
    public readonly int UnitColumns = unitColumns;
}
