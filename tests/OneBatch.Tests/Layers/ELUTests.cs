using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class ELUTests
{
    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    [InlineData(2f)]
    public void AlphaTimesExpMinusOneBelowZero(float alpha)
    {
        var layer = new ELU(alpha);
        var x = Tensor.FromArray([-3f, -1f, -0.2f, 0.5f, 2f], 1, 5);
        var y = layer.Apply(x).ToArray();
        var xs = x.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal(xs[i] >= 0 ? xs[i] : alpha * (Math.Exp(xs[i]) - 1), y[i], 1e-6);
        }

        AssertGradients(t => layer.Apply(t[0]), [Away(4, new Shape(3, 5), 0.1f, 3f)]);
        Assert.Equal(-alpha, layer.OutputActivation!.Profile.Min);
        Assert.False(layer.OutputActivation.Profile.Dies);
    }

    [Fact]
    public void ANonFiniteAlphaIsRefused() =>
        Assert.Equal("ELU 'e' needs a finite alpha; got NaN. (Parameter 'alpha')", Assert.Throws<ArgumentException>(() => new ELU(float.NaN, name: "e")).Message);
}
