using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Activations;

/// <summary>relu6, leaky_relu and keras.activations.relu with its settings (the ReLU layer's function).</summary>
public sealed class ReluFamilyTests
{
    private static readonly float[] Points = [-10f, -5f, -1.5f, -0.2f, 0f, 0.3f, 1f, 2.5f, 5f, 5.5f, 6f, 7f, 10f];

    [Theory]
    [InlineData(0f, null, 0f)]
    [InlineData(0f, 6f, 0f)]
    [InlineData(0.2f, null, 0f)]
    [InlineData(0.5f, 10f, 0f)]
    [InlineData(0f, null, 5f)]
    [InlineData(0.5f, null, 5f)]
    [InlineData(0.3f, 6f, 1f)]
    [InlineData(0f, 5f, 2f)]
    public void ForwardMatchesKerasRelu(float slope, float? max, float threshold)
    {
        var f = ActivationFunction.ReluWith(slope, max, threshold);
        var y = f.Apply(Tensor.FromArray(Points, Points.Length)).ToArray();
        for (int i = 0; i < Points.Length; i++)
        {
            Assert.Equal(ActivationMath.Relu(Points[i], slope, max, threshold), y[i], 1e-6);
        }
    }

    [Fact]
    public void TheDocstringExamplesOfKerasRelu()
    {
        var x = Tensor.FromArray([-10f, -5f, 0f, 5f, 10f], 5);
        Assert.Equal([0f, 0f, 0f, 5f, 10f], ActivationFunction.ReluWith().Apply(x).ToArray());
        Assert.Equal([-5f, -2.5f, 0f, 5f, 10f], ActivationFunction.ReluWith(negativeSlope: 0.5f).Apply(x).ToArray());
        Assert.Equal([0f, 0f, 0f, 5f, 5f], ActivationFunction.ReluWith(maxValue: 5f).Apply(x).ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 10f], ActivationFunction.ReluWith(threshold: 5f).Apply(x).ToArray());
    }

    [Fact]
    public void ThePlainCasesAreTheSharedNamedOnes()
    {
        Assert.Same(ActivationFunction.Relu, ActivationFunction.ReluWith());
        Assert.Same(ActivationFunction.Relu6, ActivationFunction.ReluWith(maxValue: 6f));
        Assert.Same(ActivationFunction.LeakyRelu, ActivationFunction.ReluWith(negativeSlope: 0.2f));
        Assert.Same(ActivationFunction.LeakyRelu, ActivationFunction.LeakyReluWith(0.2f));
        Assert.Equal("leaky_relu", ActivationFunction.LeakyReluWith(0.3f).Name);
        Assert.Equal("relu", ActivationFunction.ReluWith(threshold: 1f).Name);
    }

    [Fact]
    public void KerasLeakyReluFunctionHasSlopePointTwo()
    {
        var y = ActivationFunction.Get("leaky_relu").Apply(Tensor.FromArray([-10f, 3f], 2)).ToArray();
        Assert.Equal([-2f, 3f], y);
        Assert.Equal([0f, 3f, 6f], ActivationFunction.Get("relu6").Apply(Tensor.FromArray([-1f, 3f, 8f], 3)).ToArray());
    }

    [Theory]
    [InlineData(0f, null, 0f)]
    [InlineData(0f, 6f, 0f)]
    [InlineData(0.3f, null, 0f)]
    [InlineData(0.5f, 4f, 0f)]
    [InlineData(0.25f, 6f, 1.5f)]
    [InlineData(0f, null, 2f)]
    public void GradientsAwayFromTheKinks(float slope, float? max, float threshold)
    {
        // Points at least 0.1 from 0, the threshold and the max.
        var x = Tensor.FromArray([-7f, -2.2f, -0.6f, -0.15f, 0.15f, 0.8f, 1.2f, 1.8f, 2.6f, 3.3f, 3.7f, 4.5f, 5.5f, 6.4f, 9f], 15);
        var f = ActivationFunction.ReluWith(slope, max, threshold);
        AssertGradients(t => f.Apply(t[0]), [x]);
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Contains("negative slope >= 0", Assert.Throws<ArgumentException>(() => ActivationFunction.ReluWith(negativeSlope: -1f)).Message);
        Assert.Contains("max value >= 0", Assert.Throws<ArgumentException>(() => ActivationFunction.ReluWith(maxValue: -1f)).Message);
        Assert.Contains("threshold >= 0", Assert.Throws<ArgumentException>(() => ActivationFunction.ReluWith(threshold: -1f)).Message);
        Assert.Throws<ArgumentException>(() => Ops.Relu(Tensor.Zeros(2), float.NaN));
    }
}
