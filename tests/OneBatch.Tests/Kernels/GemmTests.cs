using OneBatch.Kernels;

namespace OneBatch.Tests.Kernels;

public sealed class GemmTests
{
    // Around the register tile (12 x 32 with AVX-512, 6 x 16 with AVX2; the unpacked kernel's 4 x 2 vectors), KC = 256,
    // MC = 144 and NC = 512.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 5, 3 }, { 4, 0, 3 }, { 3, 4, 0 },
        { 1, 1, 1 }, { 1, 17, 9 }, { 13, 1, 9 }, { 5, 3, 7 },
        { 11, 31, 8 }, { 12, 32, 8 }, { 13, 33, 9 }, { 5, 15, 16 }, { 7, 16, 17 }, { 6, 48, 33 },
        { 23, 65, 255 }, { 25, 63, 256 }, { 24, 64, 257 },
        { 143, 40, 20 }, { 144, 33, 12 }, { 145, 31, 11 },
        { 3, 511, 10 }, { 13, 512, 9 }, { 4, 513, 12 },
        { 37, 70, 520 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_matches_a_double_precision_reference_for_every_layout_and_kernel(int m, int n, int k)
    {
        var rng = new Random((m * 7919) + (n * 104729) + k);
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c0 = Random(rng, m * n);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    var (expected, tolerance) = Reference(a, transposeA, b, transposeB, accumulate ? c0 : null, m, n, k);
                    var c = (float[])c0.Clone();
                    Gemm.Multiply(a, transposeA, b, transposeB, c, m, n, k, accumulate);
                    AssertClose(expected, tolerance, c, $"auto {m}x{n}x{k} tA={transposeA} tB={transposeB} acc={accumulate}");
                    foreach (bool packed in new[] { false, true })
                    {
                        c = (float[])c0.Clone();
                        Gemm.Run(a, transposeA, b, transposeB, c, m, n, k, accumulate, packed, parallel: false);
                        AssertClose(expected, tolerance, c, $"packed={packed} {m}x{n}x{k} tA={transposeA} tB={transposeB} acc={accumulate}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(301, 97, 270, true)]
    [InlineData(29, 530, 160, true)]
    [InlineData(250, 64, 33, false)]
    [InlineData(7, 48, 300, false)]
    public void The_threaded_path_matches_the_reference_bit_for_bit_with_one_thread(int m, int n, int k, bool packed)
    {
        var rng = new Random(m + n + k);
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c0 = Random(rng, m * n);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    var one = (float[])c0.Clone();
                    var team = (float[])c0.Clone();
                    Gemm.Run(a, transposeA, b, transposeB, one, m, n, k, accumulate, packed, parallel: false);
                    Gemm.Run(a, transposeA, b, transposeB, team, m, n, k, accumulate, packed, parallel: true);
                    Assert.Equal(one, team);
                    var (expected, tolerance) = Reference(a, transposeA, b, transposeB, accumulate ? c0 : null, m, n, k);
                    AssertClose(expected, tolerance, team, $"{m}x{n}x{k} tA={transposeA} tB={transposeB} acc={accumulate}");
                }
            }
        }
    }

    [Fact]
    public void A_large_product_is_right_and_the_same_every_run()
    {
        // 2^22 multiply-adds and more: large enough to be shared among threads.
        const int m = 200, n = 160, k = 150;
        var rng = new Random(5);
        float[] a = Random(rng, m * k), b = Random(rng, n * k);
        var first = new float[m * n];
        Gemm.Multiply(a, false, b, true, first, m, n, k);
        var (expected, tolerance) = Reference(a, false, b, true, null, m, n, k);
        AssertClose(expected, tolerance, first, "large");
        for (int run = 0; run < 3; run++)
        {
            var again = new float[m * n];
            Gemm.Multiply(a, false, b, true, again, m, n, k);
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void An_empty_inner_dimension_clears_or_keeps_c()
    {
        float[] c = [1f, 2f, 3f, 4f];
        Gemm.Multiply([], false, [], false, c, 2, 2, 0, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f], c);
        Gemm.Multiply([], false, [], false, c, 2, 2, 0);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void Spans_too_short_for_the_dimensions_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], false, new float[6], false, new float[4], 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply([], false, [], false, [], -1, 2, 3));
    }

    [Fact]
    public void Transpose_swaps_rows_and_columns()
    {
        const int rows = 19, cols = 37;
        var src = Random(new Random(3), rows * cols);
        var dst = new float[rows * cols];
        Gemm.Transpose(src, dst, rows, cols);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                Assert.Equal(src[(i * cols) + j], dst[(j * rows) + i]);
            }
        }
    }

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }

    // C = op(A) op(B) (+ c0) in double, and an error bound for float: a few ulps of the sum of |terms|.
    private static (double[] Expected, double[] Tolerance) Reference(
        float[] a, bool transposeA, float[] b, bool transposeB, float[]? c0, int m, int n, int k)
    {
        var expected = new double[m * n];
        var tolerance = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c0 is null ? 0 : c0[(i * n) + j];
                double magnitude = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double term = (double)(transposeA ? a[(p * m) + i] : a[(i * k) + p]) * (transposeB ? b[(j * k) + p] : b[(p * n) + j]);
                    sum += term;
                    magnitude += Math.Abs(term);
                }

                expected[(i * n) + j] = sum;
                tolerance[(i * n) + j] = (4 * (k + 2) * 6e-8 * magnitude) + 1e-7;
            }
        }

        return (expected, tolerance);
    }

    private static void AssertClose(double[] expected, double[] tolerance, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance[i]))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} +- {tolerance[i]:G3}");
            }
        }
    }
}
