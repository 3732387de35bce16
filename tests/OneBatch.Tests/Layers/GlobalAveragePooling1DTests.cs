using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class GlobalAveragePooling1DTests
{
    [Fact]
    public void EachFeatureIsAveragedOverTheSteps()
    {
        var x = new RandomGenerator(5).Uniform(new Shape(2, 5, 3), -1f, 1f);
        var y = new GlobalAveragePooling1D().Apply(x);
        Assert.Equal(new Shape(2, 3), y.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(Enumerable.Range(0, 5).Average(t => x[n, t, c]), y[n, c], 1e-6);
            }
        }

        var kept = new GlobalAveragePooling1D(keepDims: true).Apply(x);
        Assert.Equal(new Shape(2, 1, 3), kept.Shape);
        Assert.Equal(y.ToArray(), kept.ToArray());
        ConvGradientCheck.Assert(() => new GlobalAveragePooling1D().Apply(x), [x]);
        var one = new RandomGenerator(6).Uniform(new Shape(2, 1, 3));
        Assert.Equal(one.ToArray(), new GlobalAveragePooling1D(keepDims: true).Apply(one).ToArray());
        ConvGradientCheck.Assert(() => new GlobalAveragePooling1D(keepDims: true).Apply(one), [one]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithAMaskTheMeanIsOverTheRealStepsOnlyAndNoMaskIsPassedOn(bool keepDims)
    {
        // Sequence 0 has steps 0, 1, 3 real; sequence 1 only step 0.
        var x = new RandomGenerator(7).Uniform(new Shape(2, 4, 3), 0.5f, 1f);
        float[] mask = [1f, 1f, 0f, 1f, 1f, 0f, 0f, 0f];
        var (y, outMask) = Sequences.ApplyMasked(new GlobalAveragePooling1D(keepDims), x, mask);
        Assert.Null(outMask);
        Assert.Equal(keepDims ? new Shape(2, 1, 3) : new Shape(2, 3), y.Shape);
        var values = y.ToArray();
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal((x[0, 0, c] + x[0, 1, c] + x[0, 3, c]) / 3, values[c], 1e-6);
            Assert.Equal(x[1, 0, c], values[3 + c], 1e-6);
        }
    }

    [Fact]
    public void TheMaskedMeanOpTakesGradientOnlyAtRealStepsAndGivesNaNWithNone()
    {
        var x = new RandomGenerator(8).Uniform(new Shape(3, 5, 2), -1f, 1f);
        var mask = Tensor.FromArray([1f, 0f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f], 3, 5);
        ConvGradientCheck.Assert(() => OneBatch.Autodiff.Ops.MaskedMean(x, mask), [x]);

        // Keras computes sum / count: a sequence with no real step is 0 / 0.
        var none = OneBatch.Autodiff.Ops.MaskedMean(x, Tensor.FromArray([0f, 0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], 3, 5));
        Assert.True(float.IsNaN(none[0, 0]) && float.IsNaN(none[0, 1]));
        Assert.False(float.IsNaN(none[1, 0]));
    }

    [Fact]
    public void ShapesThatDoNotFitAreRefusedNamingTheLayer()
    {
        var e = Assert.Throws<ArgumentException>(() => new GlobalAveragePooling1D().ComputeOutputShape(new Shape(4, 4, 2)));
        Assert.Contains("'global_average_pooling1d' (GlobalAveragePooling1D) expects non-empty sequences [steps, features] (rank 2 per sample); got per-sample input shape [4, 4, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => new GlobalAveragePooling1D().ComputeOutputShape(new Shape(0, 3)));
    }
}
