using OneBatch.Kernels;

namespace OneBatch.Tests.Kernels;

/// <summary>
/// The GEMM entry points the recurrent ops use: products with a B packed once (<c>Prepack</c>, <c>MultiplyPrepacked</c>)
/// and products of blocks of larger matrices (<c>MultiplyStrided</c>), against a double-precision reference.
/// </summary>
public sealed class GemmStridedTests
{
    // Around the register tile, KC = 256 (two slices past it) and NC = 512 (two column blocks past it).
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 5, 3 }, { 4, 0, 3 }, { 3, 4, 0 },
        { 1, 1, 1 }, { 5, 3, 7 }, { 13, 33, 9 }, { 32, 512, 128 }, { 32, 128, 512 },
        { 11, 40, 300 }, { 9, 530, 20 }, { 145, 31, 11 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_prepacked_B_gives_the_product_for_every_layout_and_stride(int m, int n, int k)
    {
        var rng = new Random((m * 31) + (n * 7) + k);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    // Each operand is a block of a wider matrix: 3 extra columns.
                    var (a, lda) = Block(rng, transposeA ? k : m, transposeA ? m : k, 3);
                    var (b, ldb) = Block(rng, transposeB ? n : k, transposeB ? k : n, 2);
                    var (c0, ldc) = Block(rng, m, n, 5);
                    var expected = Reference(a, lda, transposeA, b, ldb, transposeB, accumulate ? c0 : null, ldc, m, n, k);
                    var packed = new float[Gemm.PrepackedLength(k, n)];
                    Gemm.Prepack(b, ldb, transposeB, k, n, packed);
                    var c = (float[])c0.Clone();
                    Gemm.MultiplyPrepacked(a, lda, transposeA, packed, c, ldc, m, n, k, accumulate);
                    AssertClose(expected, c, c0, ldc, m, n, $"prepacked {m}x{n}x{k} tA={transposeA} tB={transposeB} acc={accumulate}");

                    c = (float[])c0.Clone();
                    Gemm.MultiplyStrided(a, lda, transposeA, b, ldb, transposeB, c, ldc, m, n, k, accumulate);
                    AssertClose(expected, c, c0, ldc, m, n, $"strided {m}x{n}x{k} tA={transposeA} tB={transposeB} acc={accumulate}");
                }
            }
        }
    }

    [Fact]
    public void A_prepacked_product_equals_the_packed_gemm_bit_for_bit()
    {
        const int m = 32, n = 512, k = 128;
        var rng = new Random(9);
        var (a, _) = Block(rng, m, k, 0);
        var (b, _) = Block(rng, k, n, 0);
        var direct = new float[m * n];
        Gemm.Run(a, false, b, false, direct, m, n, k, accumulate: false, packed: true, parallel: false);
        var packed = new float[Gemm.PrepackedLength(k, n)];
        Gemm.Prepack(b, n, false, k, n, packed);
        var c = new float[m * n];
        Gemm.MultiplyPrepacked(a, k, false, packed, c, n, m, n, k, accumulate: false);
        Assert.Equal(direct, c);
    }

    [Fact]
    public void A_large_strided_product_shared_among_threads_is_right()
    {
        const int m = 300, n = 200, k = 150;
        var rng = new Random(4);
        var (a, lda) = Block(rng, k, m, 7);
        var (b, ldb) = Block(rng, k, n, 1);
        var (c0, ldc) = Block(rng, m, n, 3);
        var c = (float[])c0.Clone();
        Gemm.MultiplyStrided(a, lda, true, b, ldb, false, c, ldc, m, n, k, accumulate: true);
        AssertClose(Reference(a, lda, true, b, ldb, false, c0, ldc, m, n, k), c, c0, ldc, m, n, "large");
    }

    // A [rows, cols] block at the left of a [rows, cols + extra] matrix of random values.
    private static (float[] Values, int Stride) Block(Random rng, int rows, int cols, int extra)
    {
        int stride = cols + extra;
        var x = new float[Math.Max(0, rows * stride)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return (x, stride);
    }

    private static double[] Reference(float[] a, int lda, bool ta, float[] b, int ldb, bool tb, float[]? c0, int ldc, int m, int n, int k)
    {
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c0 is null ? 0 : c0[(i * ldc) + j];
                for (int p = 0; p < k; p++)
                {
                    sum += (double)(ta ? a[(p * lda) + i] : a[(i * lda) + p]) * (tb ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                }

                expected[(i * n) + j] = sum;
            }
        }

        return expected;
    }

    // Checks the block, and that the columns past it kept their values.
    private static void AssertClose(double[] expected, float[] c, float[] c0, int ldc, int m, int n, string what)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float actual = c[(i * ldc) + j];
                if (j >= n)
                {
                    Assert.True(actual == c0[(i * ldc) + j], $"{what}: ({i}, {j}) outside the block changed");
                    continue;
                }

                double e = expected[(i * n) + j];
                if (!(Math.Abs(actual - e) <= 1e-4 * (1 + Math.Abs(e))))
                {
                    Assert.Fail($"{what}: ({i}, {j}) is {actual}, expected {e}");
                }
            }
        }
    }
}
