using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class AveragePooling1DTests
{
    [Theory]
    [InlineData(10, 2, 0, "valid", 5)]
    [InlineData(11, 3, 2, "valid", 5)]
    [InlineData(11, 3, 2, "same", 6)]
    [InlineData(7, 5, 1, "same", 7)]
    [InlineData(1, 3, 0, "same", 1)]
    public void OutputLengthFollowsKeras(int steps, int pool, int strides, string padding, int expected)
    {
        var layer = new AveragePooling1D(pool, strides == 0 ? null : strides, padding);
        Assert.Equal(new Shape(expected, 2), layer.ComputeOutputShape(new Shape(steps, 2)));
    }

    [Theory]
    [InlineData(2, 0, "valid")]
    [InlineData(3, 2, "valid")]
    [InlineData(3, 1, "same")]
    [InlineData(4, 3, "same")]
    [InlineData(2, 0, "same")]
    public void EachWindowIsAveragedOverItsRealStepsOnly(int pool, int strides, string padding)
    {
        // Keras's "same" average pooling divides a border window by the steps it covers, not by the pool size.
        var layer = new AveragePooling1D(pool, strides == 0 ? null : strides, padding);
        var x = new RandomGenerator(3).Uniform(new Shape(2, 7, 3), -1f, 1f);
        var y = layer.Apply(x);
        int stride = layer.Strides;
        int pad = padding == "same" ? Math.Max(((y.Shape[1] - 1) * stride) + pool - 7, 0) / 2 : 0;
        for (int n = 0; n < 2; n++)
        {
            for (int o = 0; o < y.Shape[1]; o++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double sum = 0;
                    int count = 0;
                    for (int j = 0; j < pool; j++)
                    {
                        int t = (o * stride) - pad + j;
                        if (t >= 0 && t < 7)
                        {
                            sum += x[n, t, c];
                            count++;
                        }
                    }

                    Assert.Equal(sum / count, y[n, o, c], 1e-6);
                }
            }
        }

        ConvGradientCheck.Assert(() => layer.Apply(x), [x]);
    }

    [Fact]
    public void ASamePaddedBorderWindowDividesByItsRealSteps()
    {
        // 5 steps, pool 3, stride 1, same: the first window covers steps -1, 0, 1, so it averages steps 0 and 1.
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5, 1);
        var y = new AveragePooling1D(3, 1, "same").Apply(x);
        Assert.Equal([1.5f, 2f, 3f, 4f, 4.5f], y.ToArray());
    }

    [Fact]
    public void OneStepAndTheMaskAreHandledAsInKeras3()
    {
        var x = new RandomGenerator(4).Uniform(new Shape(3, 1, 2));
        Assert.Equal(x.ToArray(), new AveragePooling1D(2, padding: "same").Apply(x).ToArray());
        ConvGradientCheck.Assert(() => new AveragePooling1D(2, padding: "same").Apply(x), [x]);

        // The padded step (zeros) is averaged in, and the mask is dropped.
        var (y, mask) = Sequences.ApplyMasked(new AveragePooling1D(), Tensor.FromArray([2f, 4f, 6f, 8f], 1, 4, 1), [1f, 0f, 1f, 1f]);
        Assert.Equal([1f, 7f], y.ToArray());
        Assert.Null(mask);
    }

    [Fact]
    public void BadSettingsAreRefusedNamingTheLayer()
    {
        Assert.Equal("AveragePooling1D needs a positive pool_size; got -2.", Assert.Throws<ArgumentException>(() => new AveragePooling1D(-2)).Message);
        Assert.Equal(
            "AveragePooling1D's padding must be \"valid\" or \"same\"; got \"full\".",
            Assert.Throws<ArgumentException>(() => new AveragePooling1D(padding: "full")).Message);
        var e = Assert.Throws<ArgumentException>(() => new AveragePooling1D(4).ComputeOutputShape(new Shape(3, 1)));
        Assert.Contains("at least 4 steps for its 4-step pool", e.Message);
    }
}
