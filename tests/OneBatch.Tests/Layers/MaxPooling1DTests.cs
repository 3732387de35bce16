using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class MaxPooling1DTests
{
    [Theory]
    // steps, pool, strides (0: the pool size), padding -> pooled steps (Keras 3's compute_pooling_output_shape)
    [InlineData(10, 2, 0, "valid", 5)]
    [InlineData(11, 2, 0, "valid", 5)]
    [InlineData(11, 3, 1, "valid", 9)]
    [InlineData(11, 3, 2, "valid", 5)]
    [InlineData(3, 3, 0, "valid", 1)]
    [InlineData(11, 2, 0, "same", 6)]
    [InlineData(11, 3, 1, "same", 11)]
    [InlineData(10, 4, 3, "same", 4)]
    [InlineData(1, 2, 0, "same", 1)]
    [InlineData(1, 1, 0, "valid", 1)]
    public void OutputLengthFollowsKeras(int steps, int pool, int strides, string padding, int expected)
    {
        var layer = new MaxPooling1D(pool, strides == 0 ? null : strides, padding);
        Assert.Equal(new Shape(expected, 3), layer.ComputeOutputShape(new Shape(steps, 3)));
        Assert.Equal(strides == 0 ? pool : strides, layer.Strides);
    }

    [Theory]
    [InlineData(2, 0, "valid")]
    [InlineData(3, 2, "valid")]
    [InlineData(3, 1, "same")]
    [InlineData(4, 3, "same")]
    [InlineData(2, 0, "same")]
    public void ForwardIsTheMaxOfEachWindowAndTheGradientGoesToIt(int pool, int strides, string padding)
    {
        var layer = new MaxPooling1D(pool, strides == 0 ? null : strides, padding);
        var x = Sequences.Shuffled(1, 2, 7, 3);
        var y = layer.Apply(x);
        int stride = layer.Strides;
        int pad = padding == "same" ? Math.Max(((y.Shape[1] - 1) * stride) + pool - 7, 0) / 2 : 0;
        for (int n = 0; n < 2; n++)
        {
            for (int o = 0; o < y.Shape[1]; o++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float max = float.NegativeInfinity;
                    for (int j = 0; j < pool; j++)
                    {
                        int t = (o * stride) - pad + j;
                        max = t >= 0 && t < 7 ? Math.Max(max, x[n, t, c]) : max;
                    }

                    Assert.Equal(max, y[n, o, c]);
                }
            }
        }

        ConvGradientCheck.Assert(() => layer.Apply(x), [x]);
    }

    [Fact]
    public void OneStepWithSamePaddingIsKept()
    {
        var x = Sequences.Shuffled(2, 2, 1, 4);
        var y = new MaxPooling1D(2, padding: "same").Apply(x);
        Assert.Equal(x.ToArray(), y.ToArray());
        ConvGradientCheck.Assert(() => new MaxPooling1D(3, 2, "same").Apply(x), [x]);
    }

    [Fact]
    public void TheMaskIsDroppedAndPaddedStepsArePooledAsInKeras3()
    {
        // Real steps are all negative; the padded step 1 (zeros) wins its window.
        var x = Tensor.FromArray([-1f, -2f, -3f, -4f, -5f, -6f, -7f, -8f], 1, 4, 2);
        var (y, mask) = Sequences.ApplyMasked(new MaxPooling1D(), x, [1f, 0f, 1f, 1f]);
        Assert.Equal([0f, 0f, -5f, -6f], y.ToArray());
        Assert.Null(mask);
    }

    [Fact]
    public void BadSettingsAreRefusedNamingTheLayer()
    {
        Assert.Equal("MaxPooling1D needs a positive pool_size; got 0.", Assert.Throws<ArgumentException>(() => new MaxPooling1D(0)).Message);
        Assert.Equal("MaxPooling1D needs positive strides; got 0.", Assert.Throws<ArgumentException>(() => new MaxPooling1D(2, 0)).Message);
        Assert.Equal(
            "MaxPooling1D's padding must be \"valid\" or \"same\"; got \"causal\".",
            Assert.Throws<ArgumentException>(() => new MaxPooling1D(2, padding: "causal")).Message);
        var e = Assert.Throws<ArgumentException>(() => new MaxPooling1D(3).ComputeOutputShape(new Shape(2, 4)));
        Assert.Contains("'max_pooling1d' (MaxPooling1D) expects sequences of at least 3 steps for its 3-step pool with valid padding; got per-sample input shape [2, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MaxPooling1D().ComputeOutputShape(new Shape(8, 8, 4)));
        Assert.Contains("rank 2 per sample", e.Message);
    }
}
