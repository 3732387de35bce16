using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class RepeatVectorTests
{
    [Fact]
    public void EachVectorIsRepeatedAlongANewTimeAxis()
    {
        var layer = new RepeatVector(3);
        var y = layer.Apply(Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2));
        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        Assert.Equal([1f, 2f, 1f, 2f, 1f, 2f, 3f, 4f, 3f, 4f, 3f, 4f], y.ToArray());
        Assert.Equal(new Shape(3, 2), layer.OutputShape);
        Assert.True(layer.OnlyRearranges);
    }

    [Fact]
    public void ItsGradientSumsTheCopies()
    {
        GradientChecker.AssertGradients(t => new RepeatVector(3).Apply(t[0]), [GradientChecker.Uniform(1, new Shape(2, 5))]);
        GradientChecker.AssertGradients(t => new RepeatVector(1).Apply(t[0]), [GradientChecker.Uniform(2, new Shape(3, 1))]);
    }

    [Fact]
    public void ItTakesVectorsAndAPositiveCount()
    {
        Assert.Contains("expects vectors [features]", Assert.Throws<ArgumentException>(() => new RepeatVector(2).Apply(Tensor.Zeros(2, 3, 4))).Message);
        Assert.Equal("RepeatVector 'r' needs a positive count n; got 0. (Parameter 'n')", Assert.Throws<ArgumentException>(() => new RepeatVector(0, name: "r")).Message);
    }
}
