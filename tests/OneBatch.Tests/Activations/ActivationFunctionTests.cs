using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Tests.Activations;

public sealed class ActivationFunctionTests
{
    [Theory]
    [InlineData("linear")]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("softplus")]
    [InlineData("exponential")]
    [InlineData("hard_sigmoid")]
    [InlineData("hard_sigmoid_keras2")]
    [InlineData("relu6")]
    [InlineData("leaky_relu")]
    [InlineData("elu")]
    [InlineData("selu")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("hard_silu")]
    [InlineData("mish")]
    [InlineData("softsign")]
    public void ElementwiseActivationsByKerasName(string name)
    {
        Func<double, double> math = name switch
        {
            "linear" => x => x,
            "relu" => x => Math.Max(x, 0),
            "sigmoid" => x => 1 / (1 + Math.Exp(-x)),
            "tanh" => Math.Tanh,
            "softplus" => x => Math.Log(1 + Math.Exp(x)),
            "hard_sigmoid" => x => Math.Clamp((x + 3) / 6, 0, 1), // Keras 3: relu6(x + 3) / 6
            "hard_sigmoid_keras2" => x => Math.Clamp((0.2 * x) + 0.5, 0, 1),
            "relu6" => x => Math.Clamp(x, 0, 6),
            "leaky_relu" => x => x >= 0 ? x : 0.2 * x,
            "elu" => x => ActivationMath.Elu(x, 1),
            "selu" => ActivationMath.Selu,
            "gelu" => ActivationMath.Gelu,
            "silu" => ActivationMath.Silu,
            "hard_silu" => ActivationMath.HardSilu,
            "mish" => ActivationMath.Mish,
            "softsign" => ActivationMath.Softsign,
            _ => Math.Exp,
        };
        var f = ActivationFunction.Get(name);
        Assert.Equal(name, f.Name);
        float[] x = [0.5f, -2f, 3f, -0.25f, 0f];
        var y = f.Apply(Tensor.FromArray(x, 5)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(math(x[i]), y[i], 1e-5 * Math.Max(1, Math.Abs(math(x[i]))));
        }
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
