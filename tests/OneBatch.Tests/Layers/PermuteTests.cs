using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class PermuteTests
{
    [Fact]
    public void DimsCountTheSampleAxesFromOne()
    {
        // x[b, t, f] = 100 b + 10 t + f, shape [2, 3, 4]; Permute([2, 1]) gives y[b, f, t] = x[b, t, f].
        var x = new Tensor(new Shape(2, 3, 4));
        var xs = x.Span;
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < 3; t++)
            {
                for (int f = 0; f < 4; f++)
                {
                    xs[(b * 12) + (t * 4) + f] = (100 * b) + (10 * t) + f;
                }
            }
        }

        var layer = new Permute([2, 1]);
        var y = layer.Apply(x);
        Assert.Equal(new Shape(2, 4, 3), y.Shape);
        Assert.Equal(new Shape(4, 3), layer.OutputShape);
        var ys = y.ToArray();
        Assert.Equal(x.ToArray()[(1 * 12) + (2 * 4) + 3], ys[(1 * 12) + (3 * 3) + 2]);
        Assert.Equal(123f, ys[(1 * 12) + (3 * 3) + 2]);
        Assert.Equal(10f, ys[1]); // y[0, 0, 1] = x[0, 1, 0]
        Assert.True(layer.OnlyRearranges);
        Assert.True(layer.PreservesRange);
    }

    [Fact]
    public void ItsGradientIsTheInverseTranspose()
    {
        // [h, w, c] -> [c, h, w] and a rank-4 sample with odd sizes.
        GradientChecker.AssertGradients(t => new Permute([3, 1, 2]).Apply(t[0]), [GradientChecker.Uniform(1, new Shape(2, 3, 5, 2))]);
        GradientChecker.AssertGradients(t => new Permute([4, 2, 1, 3]).Apply(t[0]), [GradientChecker.Uniform(2, new Shape(2, 3, 1, 2, 3))]);
    }

    [Fact]
    public void BadDimsAndRanksAreClearErrors()
    {
        Assert.Equal(
            "Permute 'p' needs dims that reorder the sample axes 1..n (1 to 5 of them, each once); got [0, 1]. (Parameter 'dims')",
            Assert.Throws<ArgumentException>(() => new Permute([0, 1], name: "p")).Message);
        Assert.Throws<ArgumentException>(() => new Permute([1, 1]));
        Assert.Throws<ArgumentException>(() => new Permute([]));
        Assert.Contains("expects samples of rank 2", Assert.Throws<ArgumentException>(() => new Permute([2, 1]).Apply(Tensor.Zeros(2, 3, 4, 5))).Message);
    }
}
