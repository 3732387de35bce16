using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// <c>C[m, n] (+)= A^T B</c> with A stored <c>[k, m]</c> and B stored <c>[k, n]</c>, both read where they lie: a
/// register tile's mr values of A at step p are contiguous (row p of A), and so are its 2w values of B (row p of B),
/// so the micro-kernel walks both matrices with row strides and nothing is packed. That is the shape of a
/// convolution's kernel gradient, <c>dK [Patch, F] = col^T [Patch, rows] @ dy [rows, F]</c>, where m and n are small
/// and k long: packing would copy every element of col and dy for a few dozen multiply-adds each.
/// </summary>
public static partial class Gemm
{
    /// <summary>Whether <see cref="AtB"/> takes a product of this shape: whole vector pairs of columns, at least 4 rows.</summary>
    internal static bool InPlaceFits(int m, int n) => m >= 4 && n > 0 && n % (2 * (Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count)) == 0;

    /// <summary>C (+)= A^T B, A <c>[k, m]</c> with rows lda apart, B <c>[k, n]</c> with rows ldb apart, C <c>[m, n]</c> with rows ldc apart; needs <see cref="InPlaceFits"/>.</summary>
    internal static unsafe void AtB(float* a, int lda, float* b, int ldb, float* c, int ldc, int m, int n, int k, bool add)
    {
        if (Simd.Use512)
        {
            AtB<Simd512, Vector512<float>>(a, lda, b, ldb, c, ldc, m, n, k, add);
        }
        else
        {
            AtB<Simd256, Vector256<float>>(a, lda, b, ldb, c, ldc, m, n, k, add);
        }
    }

    private static unsafe void AtB<TSimd, TVec>(float* a, int lda, float* b, int ldb, float* c, int ldc, int m, int n, int k, bool add)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int mr = TileRows<TSimd, TVec>();
        int nr = 2 * TSimd.Count;
        float* edge = stackalloc float[4 * 32];
        for (int jr = 0; jr < n; jr += nr)
        {
            int ir = 0;
            for (; ir + mr <= m; ir += mr)
            {
                MicroKernel<TSimd, TVec>(a + ir, lda, b + jr, ldb, k, c + ((long)ir * ldc) + jr, ldc, add);
            }

            for (; ir + 4 <= m; ir += 4)
            {
                Micro4<TSimd, TVec>(a + ir, lda, b + jr, ldb, k, c + ((long)ir * ldc) + jr, ldc, add);
            }

            if (ir < m)
            {
                // The last 1..3 rows: the 4 rows ending at m into the edge tile (reading past row m of A would leave
                // the matrix at its last row), of which only the rows not yet stored are kept; each element is still
                // the same sum in the same order.
                int r0 = m - 4;
                Micro4<TSimd, TVec>(a + r0, lda, b + jr, ldb, k, edge, nr, false);
                StoreEdge(edge + ((ir - r0) * nr), nr, c + ((long)ir * ldc) + jr, ldc, m - ir, nr, add);
            }
        }
    }
}
