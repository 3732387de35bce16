using OneBatch.Activations;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Activations;

/// <summary>The smooth activations of Keras 3: gelu (exact and tanh approximation), silu/swish, mish, elu, selu, hard_silu.</summary>
public sealed class SmoothActivationTests
{
    private static readonly float[] Points = [-6f, -3.5f, -2f, -1.25f, -0.5f, -0.01f, 0f, 0.01f, 0.4f, 1f, 1.7f, 2.5f, 4f, 9f];

    [Theory]
    [InlineData("gelu")]
    [InlineData("gelu_approximate")]
    [InlineData("silu")]
    [InlineData("mish")]
    [InlineData("elu")]
    [InlineData("selu")]
    [InlineData("hard_silu")]
    public void ForwardValuesMatchTheFormulas(string name)
    {
        Func<double, double> formula = name switch
        {
            "gelu" => ActivationMath.Gelu,
            "gelu_approximate" => ActivationMath.GeluTanh,
            "silu" => ActivationMath.Silu,
            "mish" => ActivationMath.Mish,
            "elu" => x => ActivationMath.Elu(x, 1),
            "selu" => ActivationMath.Selu,
            _ => ActivationMath.HardSilu,
        };
        var y = ActivationFunction.Get(name).Apply(Tensor.FromArray(Points, Points.Length)).ToArray();
        for (int i = 0; i < Points.Length; i++)
        {
            double expected = formula(Points[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 2e-7 + (2e-6 * Math.Abs(expected)), $"{name}({Points[i]}) = {y[i]}, expected {expected}");
        }
    }

    [Fact]
    public void GeluIsExactByDefaultAsInKerasAndTheApproximationIsItsOwnName()
    {
        // The values of keras.activations.gelu's docstring for [-3, -1, 0, 1, 3], approximate=False and True.
        float[] x = [-3f, -1f, 0f, 1f, 3f];
        var exact = ActivationFunction.Get("gelu").Apply(Tensor.FromArray(x, 5)).ToArray();
        var approximate = ActivationFunction.Get("gelu_approximate").Apply(Tensor.FromArray(x, 5)).ToArray();
        float[] kerasExact = [-0.00404951f, -0.15865529f, 0f, 0.8413447f, 2.9959507f];
        float[] kerasApproximate = [-0.00363752f, -0.15880796f, 0f, 0.841192f, 2.9963627f];
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(kerasExact[i], exact[i], 1e-6f);
            Assert.Equal(kerasApproximate[i], approximate[i], 1e-6f);
        }

        Assert.Same(ActivationFunction.GeluApproximate, ActivationFunction.Get("gelu_new"));
    }

    [Fact]
    public void SeluUsesKerasConstants()
    {
        var y = ActivationFunction.Selu.Apply(Tensor.FromArray([1f, -1f, -20f], 3)).ToArray();
        Assert.Equal(1.0507009873554805, y[0], 1e-6);
        Assert.Equal(1.0507009873554805 * 1.6732632423543772 * (Math.Exp(-1) - 1), y[1], 1e-6);
        Assert.Equal(-1.0507009873554805 * 1.6732632423543772, y[2], 1e-5);
    }

    [Fact]
    public void SwishIsSiluAndHardSwishIsHardSilu()
    {
        Assert.Same(ActivationFunction.Silu, ActivationFunction.Get("swish"));
        Assert.Same(ActivationFunction.HardSilu, ActivationFunction.Get("hard_swish"));
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("gelu_approximate")]
    [InlineData("silu")]
    [InlineData("mish")]
    [InlineData("elu")]
    [InlineData("selu")]
    [InlineData("softsign")]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var f = ActivationFunction.Get(name);
        var x = Away(7, new Shape(3, 11), 0.05f, 4.5f);
        AssertGradients(t => f.Apply(t[0]), [x]);
    }

    [Fact]
    public void HardSiluGradientAwayFromItsKinksAtPlusMinusThree()
    {
        var x = Tensor.FromArray([-5f, -3.2f, -2.8f, -1f, -0.3f, 0.6f, 2f, 2.9f, 3.1f, 7f], 10);
        AssertGradients(t => ActivationFunction.HardSilu.Apply(t[0]), [x]);
    }

    [Fact]
    public void EluWithAnotherAlpha()
    {
        var f = ActivationFunction.EluWith(0.5f);
        Assert.Equal("elu", f.Name);
        Assert.Same(ActivationFunction.Elu, ActivationFunction.EluWith(1f));
        var y = f.Apply(Tensor.FromArray([-2f, 3f], 2)).ToArray();
        Assert.Equal(0.5 * (Math.Exp(-2) - 1), y[0], 1e-6);
        Assert.Equal(3f, y[1]);
        AssertGradients(t => f.Apply(t[0]), [Away(8, new Shape(12), 0.05f, 3f)]);
        Assert.Equal(-0.5f, f.Profile.Min);
    }
}
