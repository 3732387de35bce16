using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Kernels;

/// <summary>
/// Gemm.Multiply against a naive double-precision reference, through its public contract only:
/// <c>C[m,n] (+)= op(A)[m,k] @ op(B)[k,n]</c>, A stored <c>[m,k]</c> (or <c>[k,m]</c> when transposed), B stored
/// <c>[k,n]</c> (or <c>[n,k]</c>).
/// </summary>
public sealed class GemmContractTests
{
    private static readonly int[] Sizes = [0, 1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 64, 65, 100];

    public static TheoryData<int, int, int> Shapes()
    {
        // Every size on each axis with a spread of sizes on the others (not the full cross product), plus big ones.
        var data = new TheoryData<int, int, int>();
        var seen = new HashSet<(int, int, int)>();
        void Add(int m, int n, int k)
        {
            if (seen.Add((m, n, k)))
            {
                data.Add(m, n, k);
            }
        }

        for (int i = 0; i < Sizes.Length; i++)
        {
            int s = Sizes[i];
            int o1 = Sizes[(i + 5) % Sizes.Length];
            int o2 = Sizes[(i + 9) % Sizes.Length];
            Add(s, o1, o2);
            Add(o2, s, o1);
            Add(o1, o2, s);
            Add(s, s, s);
        }

        Add(1, 100, 1);
        Add(100, 1, 100);
        Add(4, 32, 1);
        Add(8, 48, 3);
        Add(13, 47, 29);
        Add(211, 203, 67);
        Add(64, 257, 230);
        Add(300, 31, 5);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AllTransposeCombinationsMatchTheReference(int m, int n, int k)
    {
        // The same logical A [m,k] and B [k,n] in both storage layouts, so one reference serves all four combinations.
        var random = new RandomGenerator((m * 1_000_003) + (n * 1009) + k);
        var a = Fill(random, m * k);
        var b = Fill(random, k * n);
        var c0 = Fill(random, m * n);
        var (reference, magnitude) = Reference(a, b, m, n, k);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                var aStored = ta ? Transposed(a, m, k) : a;
                var bStored = tb ? Transposed(b, k, n) : b;
                foreach (bool accumulate in new[] { false, true })
                {
                    // C starts as garbage (overwrite) or as c0 (accumulate); one extra value past the end must survive.
                    var c = new float[(m * n) + 1];
                    if (accumulate)
                    {
                        c0.CopyTo(c, 0);
                    }
                    else
                    {
                        c.AsSpan().Fill(float.NaN);
                    }

                    c[^1] = 12345f;
                    Gemm.Multiply(aStored, ta, bStored, tb, c.AsSpan(0, m * n), m, n, k, accumulate);
                    for (int i = 0; i < m * n; i++)
                    {
                        double expected = reference[i] + (accumulate ? c0[i] : 0);
                        double bound = 1e-5 * (magnitude[i] + 1);
                        if (!(Math.Abs(c[i] - expected) <= bound))
                        {
                            Assert.Fail($"m={m} n={n} k={k} transposeA={ta} transposeB={tb} accumulate={accumulate}: C[{i / n},{i % n}] = {c[i]}, expected {expected}");
                        }
                    }

                    Assert.Equal(12345f, c[^1]);
                }
            }
        }
    }

    [Fact]
    public void LongerSpansThanNeededAreFine()
    {
        // 2x2 @ 2x2 inside longer buffers: only the first m*k, k*n, m*n values count.
        float[] a = [1f, 2f, 3f, 4f, 99f];
        float[] b = [5f, 6f, 7f, 8f, 99f];
        var c = new float[5];
        c[4] = -1f;
        Gemm.Multiply(a, false, b, false, c, 2, 2, 2);
        Assert.Equal([19f, 22f, 43f, 50f, -1f], c);
        Gemm.Multiply(a, true, b, true, c.AsSpan(0, 4), 2, 2, 2);
        Assert.Equal([23f, 31f, 34f, 46f, -1f], c); // A^T B^T = (B A)^T
    }

    [Fact]
    public void ZeroInnerDimensionClearsOrKeepsC()
    {
        var c = new float[] { 1f, 2f, 3f, 4f, 5f, 6f };
        Gemm.Multiply([], false, [], false, c, 2, 3, 0, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], c);
        Gemm.Multiply([], false, [], false, c, 2, 3, 0);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TooShortSpansAndNegativeSizesThrow()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], false, new float[6], false, new float[4], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[6], false, new float[5], false, new float[4], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[6], false, new float[6], false, new float[3], 2, 2, 3));
        Assert.ThrowsAny<ArgumentException>(() => Gemm.Multiply(new float[6], false, new float[6], false, new float[4], -1, 2, 3));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(7, 1)]
    [InlineData(3, 5)]
    [InlineData(16, 16)]
    [InlineData(17, 33)]
    [InlineData(40, 9)]
    public void Transpose(int rows, int cols)
    {
        var src = Enumerable.Range(0, rows * cols).Select(i => (float)i).ToArray();
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

    private static float[] Fill(RandomGenerator random, int length)
    {
        var values = new float[length];
        random.FillUniform(values, -1f, 1f);
        return values;
    }

    // x [rows, cols] stored as [cols, rows].
    private static float[] Transposed(float[] x, int rows, int cols)
    {
        var t = new float[x.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = x[(i * cols) + j];
            }
        }

        return t;
    }

    // C = A B in double, and sum_p |A(i,p) B(p,j)|: the scale of the rounding error of each element.
    private static (double[] C, double[] Magnitude) Reference(float[] a, float[] b, int m, int n, int k)
    {
        var c = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                double aip = a[(i * k) + p];
                for (int j = 0; j < n; j++)
                {
                    double product = aip * b[(p * n) + j];
                    c[(i * n) + j] += product;
                    magnitude[(i * n) + j] += Math.Abs(product);
                }
            }
        }

        return (c, magnitude);
    }
}
