using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class FlattenTests
{
    [Theory]
    [InlineData(new[] { 3 }, 3)]
    [InlineData(new[] { 2, 3 }, 6)]
    [InlineData(new[] { 2, 3, 4 }, 24)]
    [InlineData(new[] { 2, 1, 3, 2 }, 12)]
    [InlineData(new[] { 2, 1, 3, 2, 2 }, 24)]
    public void AnyRankBecomesOneAxisInRowMajorOrder(int[] sample, int size)
    {
        var x = GradientChecker.Uniform(1, new Shape(sample).Prepend(2));
        var layer = new Flatten();
        var y = layer.Apply(x);
        Assert.Equal(new Shape(2, size), y.Shape);
        Assert.Equal(new Shape(size), layer.OutputShape);
        Assert.Equal(x.ToArray(), y.ToArray());
        GradientChecker.AssertGradients(t => new Flatten().Apply(t[0]), [x]);
    }

    [Fact]
    public void ABatchOfScalarsBecomesOneColumn()
    {
        // Keras: Flatten of [batch] gives [batch, 1].
        var y = new Flatten().Apply(Tensor.FromArray([1f, 2f, 3f], 3));
        Assert.Equal(new Shape(3, 1), y.Shape);
    }
}
