using OneBatch.Activations;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class SoftmaxTests
{
    [Fact]
    public void TheKerasDocstringExample()
    {
        var y = new Softmax().Apply(Tensor.FromArray([1f, 2f, 1f], 1, 3)).ToArray();
        Assert.Equal(0.21194157f, y[0], 1e-6f);
        Assert.Equal(0.5761169f, y[1], 1e-6f);
        Assert.Same(ActivationFunction.Softmax, new Softmax().OutputActivation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-2)]
    [InlineData(2)]
    public void AlongAnotherAxis(int axis)
    {
        var x = GradientChecker.Uniform(3, new Shape(2, 3, 4), -2f, 2f);
        var layer = new Softmax(axis);
        var y = layer.Apply(x);
        int a = axis < 0 ? axis + 3 : axis;
        foreach (var index in Naive.Indices(y.Shape))
        {
            double sum = 0;
            for (int k = 0; k < x.Shape[a]; k++)
            {
                var other = (int[])index.Clone();
                other[a] = k;
                sum += Math.Exp(x[other]);
            }

            Assert.Equal(Math.Exp(x[index]) / sum, y[index], 1e-6);
        }

        AssertGradients(t => layer.Apply(t[0]), [x]);
    }

    [Fact]
    public void AMaskAddsMinusOneBillionBeforeTheSoftmaxAsKeras3Does()
    {
        var layer = new Softmax();
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 0f, 1f, 0f, 1f], 2, 4);
        var mask = Tensor.FromArray([1f, 1f, 0f, 1f, 1f, 0f, 1f, 1f], 2, 4);
        _ = layer.Apply(x);
        var outputs = new Tensor[1];
        layer.Call([x], [mask], outputs, training: false);
        var y = outputs[0].ToArray();
        double z = Math.E + Math.Exp(2) + Math.Exp(4);
        Assert.Equal(Math.E / z, y[0], 1e-6);
        Assert.Equal(0f, y[2]);
        Assert.Equal(0f, y[5]);
        Assert.Equal(1 / (2 + Math.E), y[4], 1e-6);

        var e = Assert.Throws<ArgumentException>(() => layer.Call([x], [Tensor.Zeros(2, 3)], outputs, training: false));
        Assert.StartsWith("Softmax 'softmax' cannot take a mask of shape [2, 3] over inputs of shape [2, 4]", e.Message);
    }

    [Fact]
    public void TheBatchAxisIsRefused() =>
        Assert.Contains("batch axis", Assert.Throws<ArgumentException>(() => new Softmax(0)).Message);
}
