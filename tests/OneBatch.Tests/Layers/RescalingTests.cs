using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class RescalingTests
{
    [Fact]
    public void PixelsToUnitRangeAndToMinusOneOne()
    {
        var x = Tensor.FromArray([0f, 51f, 127.5f, 255f], 1, 4);
        Assert.Equal([0f, 0.2f, 0.5f, 1f], new Rescaling(1f / 255f).Apply(x).ToArray().Select(v => MathF.Round(v, 6)));
        Assert.Equal([-1f, -0.6f, 0f, 1f], new Rescaling(1f / 127.5f, -1f).Apply(x).ToArray().Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void PerChannelScaleAndOffset()
    {
        // [batch, h, w, c] = [1, 1, 2, 3]: x * [1, 2, 3] + [0, 10, 0].
        var layer = new Rescaling([1f, 2f, 3f], [0f, 10f, 0f]);
        var y = layer.Apply(Tensor.FromArray([1f, 1f, 1f, 2f, 2f, 2f], 1, 1, 2, 3));
        Assert.Equal([1f, 12f, 3f, 2f, 14f, 6f], y.ToArray());
        Assert.Contains("last axis of 3 entries", Assert.Throws<ArgumentException>(() => new Rescaling([1f, 2f, 3f], [0f]).Apply(Tensor.Zeros(1, 2))).Message);
    }

    [Fact]
    public void Gradient()
    {
        var x = GradientChecker.Uniform(2, new Shape(3, 4));
        GradientChecker.AssertGradients(t => new Rescaling(0.5f, 2f).Apply(t[0]), [x]);
        GradientChecker.AssertGradients(t => new Rescaling([1f, -2f, 3f, 0.5f], [1f]).Apply(t[0]), [x]);
        Assert.True(new Rescaling(2f).SupportsMasking);
        Assert.Contains("finite numbers", Assert.Throws<ArgumentException>(() => new Rescaling(float.NaN)).Message);
    }
}
