using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class UpSampling1DTests
{
    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    [InlineData(1, 5)]
    public void EachStepIsRepeatedInPlace(int size, int steps)
    {
        var x = new RandomGenerator(size).Uniform(new Shape(2, steps, 3), -1f, 1f);
        var layer = new UpSampling1D(size);
        var y = layer.Apply(x);
        Assert.Equal(new Shape(2, steps * size, 3), y.Shape);
        Assert.Equal(new Shape(steps * size, 3), layer.OutputShape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            Assert.Equal(x[index[0], index[1] / size, index[2]], y[index]);
        }

        ConvGradientCheck.Assert(() => new UpSampling1D(size).Apply(x), [x]);
    }

    [Fact]
    public void TheKerasExampleAndTheDefaultSize()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 2, 3);
        Assert.Equal([0f, 1f, 2f, 0f, 1f, 2f, 3f, 4f, 5f, 3f, 4f, 5f], new UpSampling1D().Apply(x).ToArray());
    }

    [Fact]
    public void TheRepeatOpRepeatsAlongAnyAxis()
    {
        var x = new RandomGenerator(3).Uniform(new Shape(2, 3, 2), -1f, 1f);
        var y = Ops.Repeat(x, 3, -1);
        Assert.Equal(new Shape(2, 3, 6), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            Assert.Equal(x[index[0], index[1], index[2] / 3], y[index]);
        }

        ConvGradientCheck.Assert(() => Ops.Repeat(x, 2, 0), [x]);
        Assert.Contains("positive count", Assert.Throws<ArgumentException>(() => Ops.Repeat(x, 0, 1)).Message);
    }

    [Fact]
    public void TheMaskIsDroppedAsInKeras3()
    {
        var (y, mask) = Sequences.ApplyMasked(new UpSampling1D(), new RandomGenerator(4).Uniform(new Shape(1, 3, 2), 1f, 2f), [1f, 0f, 1f]);
        Assert.Equal(new Shape(1, 6, 2), y.Shape);
        Assert.Null(mask);
    }

    [Fact]
    public void BadSettingsAreRefusedNamingTheLayer()
    {
        Assert.Equal("UpSampling1D needs a positive size; got 0.", Assert.Throws<ArgumentException>(() => new UpSampling1D(0)).Message);
        var e = Assert.Throws<ArgumentException>(() => new UpSampling1D().ComputeOutputShape(new Shape(4)));
        Assert.Contains("'up_sampling1d' (UpSampling1D) expects sequences [steps, features] (rank 2 per sample); got per-sample input shape [4]", e.Message);
    }
}
