using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class ZeroPadding1DTests
{
    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(2, 0, 1)]
    [InlineData(0, 3, 5)]
    [InlineData(0, 0, 2)]
    public void ZerosAreAddedBeforeAndAfterTheSteps(int left, int right, int steps)
    {
        var x = new RandomGenerator(left + (3 * right)).Uniform(new Shape(2, steps, 3), -1f, 1f);
        var layer = new ZeroPadding1D((left, right));
        var y = layer.Apply(x);
        Assert.Equal(new Shape(2, left + steps + right, 3), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            int t = index[1] - left;
            Assert.Equal(t >= 0 && t < steps ? x[index[0], t, index[2]] : 0f, y[index]);
        }

        ConvGradientCheck.Assert(() => layer.Apply(x), [x]);
    }

    [Fact]
    public void OneNumberPadsBothSidesAndTheDefaultIsOne()
    {
        Assert.Equal((2, 2), new ZeroPadding1D(2).Padding);
        Assert.Equal((1, 1), new ZeroPadding1D().Padding);
        Assert.Equal(new Shape(9, 4), new ZeroPadding1D(2).ComputeOutputShape(new Shape(5, 4)));
    }

    [Fact]
    public void ThePadOpPadsAnyAxis()
    {
        var x = new RandomGenerator(5).Uniform(new Shape(2, 3, 2), -1f, 1f);
        var y = Ops.Pad(x, -1, 1, 2);
        Assert.Equal(new Shape(2, 3, 5), y.Shape);
        Assert.Equal(x[1, 2, 1], y[1, 2, 2]);
        Assert.Equal(0f, y[1, 2, 4]);
        ConvGradientCheck.Assert(() => Ops.Pad(x, 0, 2, 1), [x]);
    }

    [Fact]
    public void TheMaskIsDroppedAsInKeras3()
    {
        var (y, mask) = Sequences.ApplyMasked(new ZeroPadding1D(), new RandomGenerator(6).Uniform(new Shape(1, 3, 2), 1f, 2f), [1f, 1f, 0f]);
        Assert.Equal(new Shape(1, 5, 2), y.Shape);
        Assert.Null(mask);
    }

    [Fact]
    public void BadSettingsAreRefusedNamingTheLayer()
    {
        Assert.Equal(
            "ZeroPadding1D needs padding of 0 or more steps on each side; got (1, -2).",
            Assert.Throws<ArgumentException>(() => new ZeroPadding1D((1, -2))).Message);
        Assert.Throws<ArgumentException>(() => new ZeroPadding1D(-1));
        Assert.Contains("rank 2 per sample", Assert.Throws<ArgumentException>(() => new ZeroPadding1D().ComputeOutputShape(new Shape(3, 3, 3))).Message);
    }
}
