using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>BatchMatMul with every combination of transpose flags, against finite differences and a scalar product.</summary>
public sealed class BatchMatMulTests
{
    public static TheoryData<int, int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, int, bool, bool>();
        int[][] sizes = [[1, 1, 1, 1], [2, 3, 4, 5], [3, 1, 7, 2], [1, 5, 1, 3], [2, 4, 3, 1], [2, 9, 17, 5]];
        foreach (var s in sizes)
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    data.Add(s[0], s[1], s[2], s[3], ta, tb);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients(int batch, int m, int k, int n, bool transposeA, bool transposeB)
    {
        var a = Uniform(110, transposeA ? new Shape(batch, k, m) : new Shape(batch, m, k));
        var b = Uniform(111, transposeB ? new Shape(batch, n, k) : new Shape(batch, k, n));
        AssertGradients(x => Ops.BatchMatMul(x[0], x[1], transposeA, transposeB), [a, b]);

        // The accumulate path: the scaled copies recorded last run first; then recorded first, they run last.
        AssertGradients(
            x => Ops.Add(Ops.BatchMatMul(x[0], x[1], transposeA, transposeB), Ops.Add(Ops.Sum(Ops.Scale(x[0], 0.5f)), Ops.Sum(Ops.Scale(x[1], -0.25f)))),
            [a, b]);
        AssertGradients(
            x => Ops.Add(Ops.Add(Ops.Sum(Ops.Scale(x[0], 0.5f)), Ops.Sum(Ops.Scale(x[1], -0.25f))), Ops.BatchMatMul(x[0], x[1], transposeA, transposeB)),
            [a, b]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ATensorMultipliedByItself(bool transposeA, bool transposeB)
    {
        var x = Uniform(112, new Shape(2, 3, 3));
        AssertGradients(t => Ops.BatchMatMul(t[0], t[0], transposeA, transposeB), [x]);
    }

    public static TheoryData<int, int, int, int, bool, bool> ValueCases()
    {
        var data = Cases();
        foreach (var s in new[] { new[] { 0, 2, 3, 4 }, [2, 0, 3, 4], [2, 3, 0, 4], [2, 3, 4, 0], [3, 33, 17, 19], [2, 64, 64, 64] })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    data.Add(s[0], s[1], s[2], s[3], ta, tb);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ValuesMatchAScalarProduct(int batch, int m, int k, int n, bool transposeA, bool transposeB)
    {
        var a = Uniform(113, transposeA ? new Shape(batch, k, m) : new Shape(batch, m, k));
        var b = Uniform(114, transposeB ? new Shape(batch, n, k) : new Shape(batch, k, n));
        var y = Ops.BatchMatMul(a, b, transposeA, transposeB);
        Assert.Equal(new Shape(batch, m, n), y.Shape);
        for (int i = 0; i < batch; i++)
        {
            for (int r = 0; r < m; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                    {
                        float av = transposeA ? a[i, p, r] : a[i, r, p];
                        float bv = transposeB ? b[i, c, p] : b[i, p, c];
                        sum += (double)av * bv;
                    }

                    Assert.Equal(sum, y[i, r, c], 1e-4);
                }
            }
        }
    }

    [Fact]
    public void EachBatchItemIsItsOwnProduct()
    {
        // The second item's product must not see the first item's values.
        var a = Tensor.FromArray([1f, 2f, 3f, 4f, 10f, 20f, 30f, 40f], 2, 2, 2);
        var identity = Tensor.FromArray([1f, 0f, 0f, 1f, 0f, 1f, 1f, 0f], 2, 2, 2);
        Assert.Equal([1f, 2f, 3f, 4f, 20f, 10f, 40f, 30f], Ops.BatchMatMul(a, identity).ToArray());
        Assert.Equal([1f, 3f, 2f, 4f, 30f, 10f, 40f, 20f], Ops.BatchMatMul(a, identity, transposeA: true).ToArray());
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.BatchMatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 5, 6)));
        Assert.Contains("[2, 3, 4]", e.Message);
        Assert.Contains("[2, 5, 6]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.BatchMatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(3, 4, 6)));
        Assert.Throws<ArgumentException>(() => Ops.BatchMatMul(Tensor.Zeros(3, 4), Tensor.Zeros(4, 6)));
        Assert.Throws<ArgumentException>(() => Ops.BatchMatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3, 4)));
        Assert.Throws<ArgumentException>(() => Ops.BatchMatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3, 4), transposeB: true, transposeA: true));
        Ops.BatchMatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 5, 4), transposeB: true);
        Ops.BatchMatMul(Tensor.Zeros(2, 4, 3), Tensor.Zeros(2, 4, 5), transposeA: true);
    }
}
