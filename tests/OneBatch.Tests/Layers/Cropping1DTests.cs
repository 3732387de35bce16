using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class Cropping1DTests
{
    [Theory]
    [InlineData(1, 2, 5)]
    [InlineData(1, 1, 5)]
    [InlineData(0, 1, 5)]
    [InlineData(1, 0, 5)]
    [InlineData(0, 0, 1)]
    [InlineData(3, 3, 7)]
    public void StepsAreCutFromBothEnds(int left, int right, int steps)
    {
        // Keras's own cases: cropping (1, 2) of 5 steps keeps x[:, 1:3, :], (0, 1) keeps x[:, 0:4, :].
        var x = new RandomGenerator(left + (5 * right)).Uniform(new Shape(3, steps, 2), -1f, 1f);
        var layer = new Cropping1D((left, right));
        var y = layer.Apply(x);
        Assert.Equal(new Shape(3, steps - left - right, 2), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            Assert.Equal(x[index[0], index[1] + left, index[2]], y[index]);
        }

        ConvGradientCheck.Assert(() => layer.Apply(x), [x]);
    }

    [Fact]
    public void OneNumberCropsBothSidesAndTheDefaultIsOne()
    {
        Assert.Equal((1, 1), new Cropping1D().Cropping);
        Assert.Equal(new Shape(1, 4), new Cropping1D(2).ComputeOutputShape(new Shape(5, 4)));
    }

    [Fact]
    public void TheMaskIsDroppedAsInKeras3()
    {
        var (y, mask) = Sequences.ApplyMasked(new Cropping1D(), new RandomGenerator(7).Uniform(new Shape(1, 4, 2), 1f, 2f), [1f, 1f, 0f, 1f]);
        Assert.Equal(new Shape(1, 2, 2), y.Shape);
        Assert.Null(mask);
    }

    [Fact]
    public void CroppingEveryStepOrANegativeAmountIsRefusedNamingTheLayer()
    {
        var e = Assert.Throws<ArgumentException>(() => new Cropping1D((2, 3)).ComputeOutputShape(new Shape(5, 7)));
        Assert.Contains("'cropping1d' (Cropping1D) expects sequences longer than the 2 + 3 steps it crops; got per-sample input shape [5, 7]", e.Message);
        Assert.Equal(
            "Cropping1D needs cropping of 0 or more steps on each side; got (-1, -1).",
            Assert.Throws<ArgumentException>(() => new Cropping1D(-1)).Message);
    }
}
