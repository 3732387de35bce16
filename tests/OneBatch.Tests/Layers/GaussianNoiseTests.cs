using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class GaussianNoiseTests
{
    [Fact]
    public void IdentityInInferenceNoiseOfTheStddevInTraining()
    {
        var layer = new GaussianNoise(0.5f, seed: 3);
        var x = GradientChecker.Uniform(1, new Shape(200, 50));
        Assert.Same(x, layer.Apply(x));
        Assert.True(layer.ActsOnlyInTraining);
        Assert.False(new GaussianNoise(0f).ActsOnlyInTraining);

        var y = layer.Apply(x, training: true).ToArray();
        var noise = y.Zip(x.ToArray(), (a, b) => (double)a - b).ToArray();
        double mean = noise.Average();
        double std = Math.Sqrt(noise.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.48, 0.52);
        // A fresh layer of the same seed draws the same noise on every call, so finite differences see one function.
        GradientChecker.AssertGradients(t => new GaussianNoise(0.5f, seed: 9).Apply(t[0], training: true), [GradientChecker.Uniform(2, new Shape(3, 4))]);
        Assert.Contains("stddev of at least 0", Assert.Throws<ArgumentException>(() => new GaussianNoise(-1f)).Message);
    }

    [Fact]
    public void TheCheckRunsNoiseAndDropoutVariantsAsInInferenceAndSaysSo()
    {
        var model = new Sequential(
        [
            new GaussianNoise(0.1f, inputShape: [4, 4, 3]),
            new SpatialDropout2D(0.2f),
            new Flatten(),
            new GaussianDropout(0.1f),
            new Dense(8, activation: "selu"),
            new AlphaDropout(0.1f),
            new Dense(2, activation: "softmax"),
        ]);
        var x = new RandomGenerator(3).Uniform(new Shape(6, 4, 4, 3));
        var y = Tensor.FromArray([0f, 1f, 0f, 1f, 1f, 0f], 6);
        var report = SingleBatchCheck.Run(model, x, y, new SparseCategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 300 });
        Assert.Equal("memorized", report.Verdict);
        Assert.Contains(
            report.Notes,
            n => n.Contains("act only in training", StringComparison.Ordinal) && n.Contains("'gaussian_noise' (GaussianNoise)", StringComparison.Ordinal)
                && n.Contains("'spatial_dropout2d' (SpatialDropout2D)", StringComparison.Ordinal) && n.Contains("'gaussian_dropout' (GaussianDropout)", StringComparison.Ordinal)
                && n.Contains("'alpha_dropout' (AlphaDropout)", StringComparison.Ordinal));
    }
}
