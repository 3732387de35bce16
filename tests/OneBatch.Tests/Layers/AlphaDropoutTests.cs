using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;
using OneBatch.Tests.Activations;

namespace OneBatch.Tests.Layers;

public sealed class AlphaDropoutTests
{
    [Fact]
    public void ItKeepsTheMeanAndVarianceOfStandardInputs()
    {
        // For inputs of mean 0 and variance 1, the output keeps mean 0 and variance 1: the point of alpha dropout.
        var layer = new AlphaDropout(0.3f, seed: 7);
        var x = new RandomGenerator(8).Normal(new Shape(400, 100));
        Assert.Same(x, layer.Apply(x));
        Assert.True(layer.ActsOnlyInTraining);

        var y = layer.Apply(x, training: true).ToArray();
        double mean = y.Average(v => (double)v);
        double variance = y.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.96, 1.04);

        // A dropped value is a * alpha' + b with Keras's a, b and alpha' = -scale * alpha.
        double alphaPrime = -ActivationMath.SeluScale * ActivationMath.SeluAlpha;
        double a = Math.Pow((1 - 0.3) * (1 + (0.3 * alphaPrime * alphaPrime)), -0.5);
        double b = -a * alphaPrime * 0.3;
        double droppedValue = (a * alphaPrime) + b;
        int dropped = y.Count(v => Math.Abs(v - droppedValue) < 1e-5);
        Assert.InRange(dropped / (double)y.Length, 0.28, 0.32);

        // A kept value is a x + b.
        var xs = x.ToArray();
        Assert.All(Enumerable.Range(0, y.Length), i =>
            Assert.True(Math.Abs(y[i] - droppedValue) < 1e-5 || Math.Abs(y[i] - ((a * xs[i]) + b)) < 1e-4, $"{i}: x {xs[i]}, y {y[i]}"));
        // A fresh layer of the same seed drops the same values on every call, so finite differences see one function.
        GradientChecker.AssertGradients(t => new AlphaDropout(0.3f, seed: 9).Apply(t[0], training: true), [GradientChecker.Uniform(2, new Shape(3, 4))]);
    }
}
