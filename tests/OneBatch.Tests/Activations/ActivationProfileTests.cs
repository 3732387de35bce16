using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Tests.Activations;

/// <summary>Each activation's profile tells the truth about its graph: its range, whether it dies, whether it saturates.</summary>
public sealed class ActivationProfileTests
{
    [Fact]
    public void EveryRangeHoldsEveryValueAndItsBoundsAreReached()
    {
        // A dense sweep of [-30, 30]: all outputs inside [Min, Max], and the finite bounds met to within 1e-3.
        var x = Tensor.FromArray([.. Enumerable.Range(0, 60001).Select(i => -30f + (i * 0.001f))], 1, 60001);
        foreach (string name in ActivationFunction.Registry.Names)
        {
            var f = ActivationFunction.Get(name);
            var y = f.Apply(x).ToArray();
            var p = f.Profile;
            float low = y.Min(), high = y.Max();
            Assert.True(low >= p.Min - 1e-6f && high <= p.Max + 1e-6f, $"{name}: outputs [{low}, {high}] outside [{p.Min}, {p.Max}]");
            // softsign nears -1 only slowly (-0.968 at -30); a row of 60001 has no softmax value near 0 or 1.
            if (float.IsFinite(p.Min) && name != "softmax")
            {
                float tolerance = name == "softsign" ? 0.05f : 1e-3f;
                Assert.True(low - p.Min < tolerance, $"{name}: Min {p.Min} but the lowest output is {low}");
            }
        }
    }

    [Theory]
    [InlineData("relu", true, false)]
    [InlineData("relu6", true, false)]
    [InlineData("leaky_relu", false, false)]
    [InlineData("elu", false, false)]
    [InlineData("selu", false, false)]
    [InlineData("gelu", false, false)]
    [InlineData("silu", false, false)]
    [InlineData("sigmoid", false, true)]
    [InlineData("tanh", false, true)]
    [InlineData("softsign", false, true)]
    [InlineData("hard_sigmoid", false, true)]
    [InlineData("hard_sigmoid_keras2", false, true)]
    [InlineData("linear", false, false)]
    public void WhichDieAndWhichSaturate(string name, bool dies, bool saturates)
    {
        var p = ActivationFunction.Get(name).Profile;
        Assert.Equal(dies, p.Dies);
        Assert.Equal(saturates, p.SaturationInput is not null);
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("softsign")]
    [InlineData("hard_sigmoid")]
    [InlineData("hard_sigmoid_keras2")]
    public void TheSaturatedOutputsAreTheFunctionAtTheLimit(string name)
    {
        var f = ActivationFunction.Get(name);
        float limit = f.Profile.SaturationInput!.Value;
        var y = f.Apply(Tensor.FromArray([-limit, limit], 2)).ToArray();
        Assert.Equal(y[0], f.Profile.SaturatedBelow, 1e-6f);
        Assert.Equal(y[1], f.Profile.SaturatedAbove, 1e-6f);
    }

    [Fact]
    public void ReluLayersWithSettingsDescribeThemselves()
    {
        Assert.Equal(ActivationProfile.Dying(0f, 5f), ActivationFunction.ReluWith(maxValue: 5f).Profile);
        Assert.True(ActivationFunction.ReluWith(threshold: 1f).Profile.Dies);
        Assert.False(ActivationFunction.ReluWith(negativeSlope: 0.1f, maxValue: 5f).Profile.Dies);
        Assert.Equal(float.NegativeInfinity, ActivationFunction.LeakyReluWith(0.3f).Profile.Min);
    }
}
