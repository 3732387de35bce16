using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class GaussianDropoutTests
{
    [Fact]
    public void IdentityInInferenceMultiplicativeNoiseInTraining()
    {
        // rate 0.2: noise of mean 1 and stddev sqrt(0.2 / 0.8) = 0.5.
        var layer = new GaussianDropout(0.2f, seed: 5);
        var x = GradientChecker.Away(1, new Shape(200, 50), 0.5f, 1f);
        Assert.Same(x, layer.Apply(x));
        Assert.True(layer.ActsOnlyInTraining);

        var ratios = layer.Apply(x, training: true).ToArray().Zip(x.ToArray(), (a, b) => (double)a / b).ToArray();
        double mean = ratios.Average();
        double std = Math.Sqrt(ratios.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 0.98, 1.02);
        Assert.InRange(std, 0.48, 0.52);
        // A fresh layer of the same seed draws the same noise on every call, so finite differences see one function.
        GradientChecker.AssertGradients(t => new GaussianDropout(0.2f, seed: 9).Apply(t[0], training: true), [GradientChecker.Uniform(2, new Shape(3, 4))]);
        Assert.Contains("rate in [0, 1)", Assert.Throws<ArgumentException>(() => new GaussianDropout(1.5f)).Message);
    }
}
