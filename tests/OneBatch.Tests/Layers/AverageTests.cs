using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class AverageTests
{
    [Fact]
    public void AveragesItsInputs()
    {
        var a = Tensor.FromArray([1f, 2f], 1, 2);
        var b = Tensor.FromArray([3f, 6f], 1, 2);
        var c = Tensor.FromArray([2f, 4f], 1, 2);
        Assert.Equal([2f, 4f], new Average().Apply(a, b, c).ToArray());
        AssertGradients(t => new Average().Apply(t[0], t[1], t[2]), [Uniform(1, new Shape(2, 3)), Uniform(2, new Shape(2, 3)), Uniform(3, new Shape(2, 3))]);
    }
}
