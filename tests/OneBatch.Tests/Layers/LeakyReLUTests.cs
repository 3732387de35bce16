using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class LeakyReLUTests
{
    [Fact]
    public void TheDefaultSlopeIsPointThreeUnlikeTheFunctions()
    {
        var x = Tensor.FromArray([-10f, -5f, 0f, 5f, 10f], 1, 5);
        Assert.Equal([-3f, -1.5f, 0f, 5f, 10f], new LeakyReLU().Apply(x).ToArray());
        Assert.Equal([-5f, -2.5f, 0f, 5f, 10f], new LeakyReLU(0.5f).Apply(x).ToArray());
        Assert.Equal(0.3f, new LeakyReLU().NegativeSlope);
    }

    [Fact]
    public void GradientAwayFromZero()
    {
        var layer = new LeakyReLU(0.3f);
        AssertGradients(t => layer.Apply(t[0]), [Away(3, new Shape(3, 4), 0.1f, 2f)]);
    }

    [Fact]
    public void ItNeverDies()
    {
        var layer = new LeakyReLU();
        Assert.Equal("leaky_re_lu", layer.Name);
        Assert.False(layer.OutputActivation!.Profile.Dies);
        Assert.Equal(float.NegativeInfinity, layer.OutputActivation.Profile.Min);
        Assert.Contains("negative_slope of at least 0", Assert.Throws<ArgumentException>(() => new LeakyReLU(-1f)).Message);
    }
}
