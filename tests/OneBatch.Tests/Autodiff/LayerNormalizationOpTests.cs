using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Ops.LayerNormalization: values against the formula written out, and its backward against finite differences.</summary>
public sealed class LayerNormalizationOpTests
{
    [Fact]
    public void EachRowIsNormalizedByItsOwnMeanAndVariance()
    {
        // Row [1, 2, 3, 6]: mean 3, deviations [-2, -1, 0, 3], variance (4 + 1 + 0 + 9) / 4 = 3.5.
        // Row [5, 5, 5, 5]: variance 0, so every value is 0 and then beta.
        var x = Tensor.FromArray([1f, 2f, 3f, 6f, 5f, 5f, 5f, 5f], 2, 4);
        var gamma = Tensor.FromArray([1f, 2f, 0.5f, -1f], 4);
        var beta = Tensor.FromArray([0f, 0.1f, 0.2f, 0.3f], 4);
        var y = Ops.LayerNormalization(x, 1, gamma, beta, 1e-3f).ToArray();
        double s = 1 / Math.Sqrt(3.5 + 1e-3);
        double[] expected = [-2 * s * 1, (-1 * s * 2) + 0.1, (0 * s * 0.5) + 0.2, (3 * s * -1) + 0.3, 0, 0.1, 0.2, 0.3];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 5);
        }
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, 1, true, true)]
    [InlineData(new[] { 3, 5 }, 1, false, false)]
    [InlineData(new[] { 3, 5 }, 1, true, false)]
    [InlineData(new[] { 3, 5 }, 1, false, true)]
    [InlineData(new[] { 2, 3, 7 }, 1, true, true)]
    [InlineData(new[] { 2, 3, 7 }, 2, true, true)]
    [InlineData(new[] { 1, 1 }, 1, true, true)]
    [InlineData(new[] { 2, 1, 3 }, 2, true, true)]
    public void GradientsOfXGammaAndBeta(int[] shape, int axes, bool withGamma, bool withBeta)
    {
        var x = Uniform(201, new Shape(shape), -2f, 2f);
        int c = 1;
        for (int i = shape.Length - axes; i < shape.Length; i++)
        {
            c *= shape[i];
        }

        var inputs = new List<Tensor> { x };
        if (withGamma)
        {
            inputs.Add(Uniform(202, new Shape(c), 0.5f, 1.5f));
        }

        if (withBeta)
        {
            inputs.Add(Uniform(203, new Shape(c)));
        }

        AssertGradients(
            t => Ops.LayerNormalization(t[0], axes, withGamma ? t[1] : null, withBeta ? t[^1] : null, 1e-3f),
            [.. inputs]);
    }

    [Fact]
    public void TheGradientAccumulatesWhenXIsUsedTwice()
    {
        var x = Uniform(204, new Shape(3, 4));
        var gamma = Uniform(205, new Shape(4), 0.5f, 1.5f);
        AssertGradients(t => Ops.Add(Ops.Scale(t[0], 0.5f), Ops.LayerNormalization(t[0], 1, t[1], null, 1e-3f)), [x, gamma]);
        AssertGradients(t => Ops.Add(Ops.LayerNormalization(t[0], 1, t[1], null, 1e-3f), Ops.Scale(t[0], 0.5f)), [x, gamma]);
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        var x = new Tensor(new Shape(2, 3));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.LayerNormalization(x, 3, null, null, 1e-3f));
        Assert.Contains("normalizes 1 to 2 trailing axes; got 3", e.Message);
        var g = Assert.Throws<ArgumentException>(() => Ops.LayerNormalization(x, 1, new Tensor(new Shape(4)), null, 1e-3f));
        Assert.Contains("needs gamma and beta of 3 values", g.Message);
    }
}
