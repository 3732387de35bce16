using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class ActivityRegularizationTests
{
    [Fact]
    public void ItPassesTheInputThroughAndKeepsItsFactors()
    {
        var layer = new ActivityRegularization(l1: 0.01f, l2: 0.02f);
        var x = GradientChecker.Uniform(1, new Shape(2, 3));
        Assert.Same(x, layer.Apply(x));
        Assert.Same(x, layer.Apply(x, training: true));
        Assert.Equal(0.01f, layer.L1);
        Assert.Equal(0.02f, layer.L2);
        Assert.False(layer.ActsOnlyInTraining);
        Assert.Empty(layer.Weights);
        Assert.Contains("finite l1 and l2", Assert.Throws<ArgumentException>(() => new ActivityRegularization(-1f)).Message);
    }

    [Fact]
    public void ItAddsItsPenaltyToTheLoss()
    {
        // x = [[1, -2], [3, 0]]; Keras 3.14: (l1 * sum|x| + l2 * sum x^2) / batch = (0.5 * 6 + 0.25 * 14) / 2 = 3.25
        var layer = new ActivityRegularization(l1: 0.5f, l2: 0.25f);
        layer.Apply(Tensor.FromArray([1f, -2f, 3f, 0f], 2, 2));
        Assert.Equal(3.25f, layer.Penalty!.ToScalar(), 5);
    }
}
