using OneBatch.Activations;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Activations;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class ReLUTests
{
    [Fact]
    public void TheKerasDocstringExample()
    {
        // keras.layers.ReLU(max_value=10, negative_slope=0.5, threshold=0) on [-10, -5, 0, 5, 10].
        var y = new ReLU(maxValue: 10f, negativeSlope: 0.5f).Apply(Tensor.FromArray([-10f, -5f, 0f, 5f, 10f], 1, 5));
        Assert.Equal([-5f, -2.5f, 0f, 5f, 10f], y.ToArray());
    }

    [Theory]
    [InlineData(null, 0f, 0f)]
    [InlineData(6f, 0f, 0f)]
    [InlineData(null, 0.3f, 2f)]
    [InlineData(4f, 0.1f, 1f)]
    public void ForwardAndGradientMatchKerasRelu(float? max, float slope, float threshold)
    {
        var layer = new ReLU(max, slope, threshold);
        var x = Tensor.FromArray([-3f, -0.4f, 0.3f, 0.7f, 1.4f, 2.6f, 3.5f, 4.6f, 6.5f, 8f], 2, 5);
        var y = layer.Apply(x).ToArray();
        var xs = x.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal(ActivationMath.Relu(xs[i], slope, max, threshold), y[i], 1e-6);
        }

        AssertGradients(t => layer.Apply(t[0]), [x]);
    }

    [Fact]
    public void Relu6ByMaxValueIsTheSharedActivationAndDies()
    {
        var layer = new ReLU(maxValue: 6f);
        Assert.Same(ActivationFunction.Relu6, layer.OutputActivation);
        Assert.True(layer.OutputActivation!.Profile.Dies);
        Assert.False(new ReLU(negativeSlope: 0.1f).OutputActivation!.Profile.Dies);
        Assert.Equal("re_lu", layer.Name);
        Assert.True(layer.SupportsMasking);
        Assert.Empty(layer.Weights);
    }

    [Fact]
    public void NegativeSettingsAreRefusedAsKerasRefusesThem()
    {
        Assert.Equal("ReLU 'r' needs a max_value of at least 0 (or none); got -1. (Parameter 'maxValue')", Assert.Throws<ArgumentException>(() => new ReLU(-1f, name: "r")).Message);
        Assert.Contains("negative_slope of at least 0", Assert.Throws<ArgumentException>(() => new ReLU(negativeSlope: -0.1f)).Message);
        Assert.Contains("threshold of at least 0", Assert.Throws<ArgumentException>(() => new ReLU(threshold: -2f)).Message);
    }
}
