using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Tests.Activations;

public sealed class ActivationFunctionTests
{
    [Theory]
    [InlineData("linear", 0.5f, -2f)]
    [InlineData("relu", 0.5f, 0f)]
    [InlineData("sigmoid", 0.62245935f, 0.11920292f)]
    [InlineData("tanh", 0.46211716f, -0.9640276f)]
    [InlineData("softplus", 0.974077f, 0.126928f)]
    [InlineData("exponential", 1.6487213f, 0.13533528f)]
    public void ElementwiseActivationsByKerasName(string name, float at05, float atMinus2)
    {
        var f = ActivationFunction.Get(name);
        Assert.Equal(name, f.Name);
        var y = f.Apply(Tensor.FromArray([0.5f, -2f], 2)).ToArray();
        Assert.Equal(at05, y[0], 1e-5f);
        Assert.Equal(atMinus2, y[1], 1e-5f);
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxWorkPerRow()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 0f, 0f, 0f], 2, 3);
        var p = ActivationFunction.Get("softmax").Apply(x).ToArray();
        double z = Math.E + (Math.E * Math.E) + Math.Exp(3);
        Assert.Equal(Math.E / z, p[0], 1e-6);
        Assert.Equal(Math.Exp(3) / z, p[2], 1e-6);
        Assert.Equal(1f / 3, p[4], 1e-6f);
        var logP = ActivationFunction.Get("log_softmax").Apply(x).ToArray();
        for (int i = 0; i < p.Length; i++)
        {
            Assert.Equal(MathF.Log(p[i]), logP[i], 1e-5f);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("None")]
    public void NoNameMeansLinear(string? name) => Assert.Same(ActivationFunction.Linear, ActivationFunction.Get(name));

    [Fact]
    public void AnUnknownActivationThrowsAndListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationFunction.Get("gelu_ish"));
        Assert.Contains("gelu_ish", e.Message);
        Assert.Contains("relu", e.Message);
    }
}
