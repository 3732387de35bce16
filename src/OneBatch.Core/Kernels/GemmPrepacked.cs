using System.Runtime.Intrinsics;
using OneBatch.Tensors;

namespace OneBatch.Kernels;

/// <summary>
/// GEMM against a B packed once and used many times: a recurrent layer multiplies by the same recurrent kernel at
/// every time step, so it packs it before the loop instead of once per product. The packed form is the packed GEMM's
/// own (every (jc, pc) panel of <see cref="Blocked"/>, one after another), so products give exactly what
/// <see cref="Multiply"/> on the packed path gives.
/// </summary>
public static partial class Gemm
{
    /// <summary>The floats a packed B of <c>[k, n]</c> takes.</summary>
    internal static int PrepackedLength(int k, int n)
    {
        int nr = PanelWidth;
        return TensorSizeException.CheckedLength((n + nr - 1L) / nr * nr, k, "Gemm.Prepack: a packed matrix");
    }

    /// <summary>
    /// Packs op(B) <c>[k, n]</c> into <paramref name="packed"/> (<see cref="PrepackedLength"/> floats): B stored
    /// <c>[k, n]</c> with rows <paramref name="ldb"/> apart, or <c>[n, k]</c> read transposed when
    /// <paramref name="transposeB"/>.
    /// </summary>
    internal static unsafe void Prepack(ReadOnlySpan<float> b, int ldb, bool transposeB, int k, int n, Span<float> packed)
    {
        if (packed.Length < PrepackedLength(k, n) || (k > 0 && n > 0 && b.Length < ((transposeB ? n : k) - 1L) * ldb + (transposeB ? k : n)))
        {
            throw new ArgumentException($"Gemm.Prepack: spans too short for k={k}, n={n}, ldb={ldb}.");
        }

        if (k == 0 || n == 0)
        {
            return;
        }

        int nr = PanelWidth;
        int depth = SliceDepth(k);
        fixed (float* pb = b, pp = packed)
        {
            var job = new GemmJob(true, null, 0, false, pb, ldb, transposeB, null, 0, 0, n, k, false);
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += depth)
                {
                    int kc = Math.Min(depth, k - pc);
                    PackB(new GemmStep(job, pp + PanelOffset(jc, nc, pc, k), jc, nc, pc, kc, false), 0, nc, nr);
                }
            }
        }
    }

    /// <summary>
    /// C <c>[m, n]</c> (rows <paramref name="ldc"/> apart) (+)= op(A) @ B, with B packed by <see cref="Prepack"/>: A
    /// stored <c>[m, k]</c> with rows <paramref name="lda"/> apart, or <c>[k, m]</c> read transposed. Runs on the
    /// calling thread only.
    /// </summary>
    internal static unsafe void MultiplyPrepacked(
        ReadOnlySpan<float> a, int lda, bool transposeA, ReadOnlySpan<float> packed, Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        if (packed.Length < PrepackedLength(k, n) || a.Length < ((aRows - 1L) * lda) + aCols || c.Length < ((m - 1L) * ldc) + n)
        {
            throw new ArgumentException($"Gemm.MultiplyPrepacked: spans too short for m={m}, n={n}, k={k}.");
        }

        int depth = SliceDepth(k);
        fixed (float* pa = a, pp = packed, pc0 = c)
        {
            var job = new GemmJob(true, pa, lda, transposeA, null, 0, false, pc0, ldc, m, n, k, accumulate);
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += depth)
                {
                    int kc = Math.Min(depth, k - pc);
                    var step = new GemmStep(job, pp + PanelOffset(jc, nc, pc, k), jc, nc, pc, kc, accumulate || pc > 0);
                    if (Simd.Use512)
                    {
                        ComputeBlock<Simd512, Vector512<float>>(step, 0, m, 0, nc);
                    }
                    else
                    {
                        ComputeBlock<Simd256, Vector256<float>>(step, 0, m, 0, nc);
                    }
                }
            }
        }
    }

    // The width of the packed B slivers: two vectors.
    private static int PanelWidth => 2 * (Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count);

    // Panels are stored column block by column block, each block's slices in order: the block at jc starts after
    // jc * k floats (NC is a multiple of the sliver width), its slice at pc after pc * (nc rounded up to slivers).
    private static long PanelOffset(int jc, int nc, int pc, int k)
    {
        int nr = PanelWidth;
        return ((long)jc * k) + ((long)(nc + nr - 1) / nr * nr * pc);
    }
}
