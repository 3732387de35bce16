namespace OneBatch.Kernels;

/// <summary>
/// GEMM on matrices that are blocks of larger row-major ones (rows <c>lda</c>, <c>ldb</c>, <c>ldc</c> apart): a
/// GRU's update and reset gates and its candidate use different columns of one kernel. Runs the packed kernel, on
/// the team's threads when the product is large.
/// </summary>
public static partial class Gemm
{
    /// <summary>C <c>[m, n]</c> (+)= op(A) @ op(B), where each operand is a strided block (see <see cref="Multiply"/> for the layouts).</summary>
    internal static unsafe void MultiplyStrided(
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
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
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        if (a.Length < ((aRows - 1L) * lda) + aCols || b.Length < ((bRows - 1L) * ldb) + bCols || c.Length < ((m - 1L) * ldc) + n)
        {
            throw new ArgumentException($"Gemm.MultiplyStrided: spans too short for m={m}, n={n}, k={k}.");
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob(true, pa, lda, transposeA, pb, ldb, transposeB, pc, ldc, m, n, k, accumulate);
            bool team = (long)m * n * k >= ThreadedMinWork && GemmTeam.TryEnter();
            try
            {
                Blocked(job, team);
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
}
