using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Layers;

public sealed class ReshapeTests
{
    [Fact]
    public void InfersTheMinusOneDimension()
    {
        var layer = new Reshape([-1, 2]);
        var x = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 2, 6);
        var y = layer.Apply(x);
        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        Assert.Equal(x.ToArray(), y.ToArray());
    }

    [Fact]
    public void ASizeThatDoesNotDivideIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => new Reshape([4]).Apply(Tensor.Zeros(2, 6)));
        Assert.Contains("reshaped to [4]", e.Message);
        Assert.Throws<ArgumentException>(() => new Reshape([-1, -1]));
        Assert.Throws<ArgumentException>(() => new Reshape([0, 2]));
    }

    [Fact]
    public void GradientFlowsThroughUnchanged()
    {
        var x = new Variable(new RandomGenerator(2).Uniform(new Shape(3, 4)), "x");
        using var tape = new GradientTape();
        var y = new Reshape([2, 2]).Apply(x.Value);
        var loss = Ops.Sum(Ops.Multiply(y, y));
        var g = tape.Gradient(loss, [x])[0]!;
        Assert.Equal(x.Value.ToArray().Select(v => 2 * v).ToArray(), g.ToArray());
    }
}
