using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class SubtractTests
{
    [Fact]
    public void TakesTheSecondInputFromTheFirst()
    {
        var a = Tensor.FromArray([5f, 7f], 2, 1);
        var b = Tensor.FromArray([2f, 10f], 2, 1);
        Assert.Equal([3f, -3f], new Subtract().Apply(a, b).ToArray());
        AssertGradients(t => new Subtract().Apply(t[0], t[1]), [Uniform(1, new Shape(2, 3)), Uniform(2, new Shape(2, 3))]);
    }

    [Fact]
    public void TakesExactlyTwoInputs()
    {
        var x = Keras.Input(shape: [3]);
        var e = Assert.Throws<ArgumentException>(() => new Subtract().Apply(x, x, x));
        Assert.Contains("exactly 2 inputs; got 3", e.Message);
    }
}
