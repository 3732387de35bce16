using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class LayerNormalizationTests
{
    [Fact]
    public void OverTheLastAxisEachStepIsNormalizedOnItsOwn()
    {
        // One sample, two steps: [1, 3] (mean 2, variance 1) and [2, 2] (variance 0).
        var layer = new LayerNormalization(gammaInitializer: "ones", betaInitializer: "zeros");
        var y = layer.Apply(Tensor.FromArray([1f, 3f, 2f, 2f], 1, 2, 2));
        float s = 1f / MathF.Sqrt(1f + 1e-3f);
        Assert.Equal([-s, s, 0f, 0f], y.ToArray());
        Assert.Equal(new Shape(2), layer.Gamma!.Shape);
        Assert.Equal(["layer_normalization/gamma", "layer_normalization/beta"], layer.Weights.Select(w => w.Name));
    }

    [Fact]
    public void OverTwoAxesTheWholeSampleIsOneGroupAndGammaSpansBoth()
    {
        // Sample [[0, 1, 2], [3, 4, 5]]: mean 2.5, variance (6.25 + 2.25 + 0.25) * 2 / 6 = 35/12.
        var layer = new LayerNormalization([1, 2], epsilon: 0.01f, gammaInitializer: "random_uniform", betaInitializer: "random_uniform");
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 2, 3);
        var y = layer.Apply(x).ToArray();
        Assert.Equal(new Shape(2, 3), layer.Gamma!.Shape);
        Assert.Equal(new Shape(2, 3), layer.Beta!.Shape);
        var gamma = layer.Gamma.Value.ToArray();
        var beta = layer.Beta.Value.ToArray();
        double s = 1 / Math.Sqrt((35.0 / 12) + 0.01);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(((i - 2.5) * s * gamma[i]) + beta[i], y[i], 5);
        }
    }

    [Fact]
    public void OverAnAxisThatIsNotLastEachColumnIsAGroup()
    {
        // Sample [T = 3, C = 2] normalized over T (axis 1): each of the 2 columns by its own statistics.
        var layer = new LayerNormalization(axis: 1, epsilon: 0.01f, gammaInitializer: "random_uniform", betaInitializer: "random_uniform");
        var x = Tensor.FromArray([1f, 10f, 2f, 20f, 6f, 60f, 0f, 1f, 0f, 2f, 3f, 3f], 2, 3, 2);
        var y = layer.Apply(x);
        Assert.Equal(new Shape(3), layer.Gamma!.Shape);
        var gamma = layer.Gamma.Value.ToArray();
        var beta = layer.Beta!.Value.ToArray();
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 2; c++)
            {
                double mean = Enumerable.Range(0, 3).Average(t => x[n, t, c]);
                double variance = Enumerable.Range(0, 3).Average(t => Math.Pow(x[n, t, c] - mean, 2));
                for (int t = 0; t < 3; t++)
                {
                    double expected = ((x[n, t, c] - mean) / Math.Sqrt(variance + 0.01) * gamma[t]) + beta[t];
                    Assert.Equal(expected, y[n, t, c], 4);
                }
            }
        }

        AssertGradients(_ => layer.Apply(x), [x, layer.Gamma.Value, layer.Beta.Value]);
    }

    [Fact]
    public void AxesListedOutOfOrderGiveGammaInThatOrderReadInTheInputsOrder()
    {
        // Keras: gamma's shape lists the sizes as the axes are given ([3, 2] for axes [2, 1] of a [2, 3] sample),
        // and it is then reshaped onto the input's axes: its values are read flat in the input's own order.
        var listed = new LayerNormalization([2, 1], gammaInitializer: "random_uniform", betaInitializer: "random_uniform");
        var natural = new LayerNormalization([1, 2]);
        var x = Uniform(3, new Shape(2, 2, 3));
        var y = listed.Apply(x);
        _ = natural.Apply(x);
        Assert.Equal(new Shape(3, 2), listed.Gamma!.Shape);
        natural.Gamma!.Assign(listed.Gamma.Value.ToArray());
        natural.Beta!.Assign(listed.Beta!.Value.ToArray());
        Assert.Equal(natural.Apply(x).ToArray(), y.ToArray());
    }

    [Theory]
    [InlineData(new[] { -1 }, new[] { 4, 5 }, true, true)]
    [InlineData(new[] { -1 }, new[] { 3, 2, 7 }, true, false)]
    [InlineData(new[] { -1 }, new[] { 3, 2, 7 }, false, true)]
    [InlineData(new[] { 1, 2 }, new[] { 3, 2, 5 }, true, true)]
    [InlineData(new[] { 1 }, new[] { 3, 5, 3 }, true, true)]
    [InlineData(new[] { -3, -1 }, new[] { 2, 3, 2, 3 }, true, true)]
    public void GradientsOfTheInputGammaAndBeta(int[] axis, int[] shape, bool scale, bool center)
    {
        var layer = new LayerNormalization(axis, center: center, scale: scale, gammaInitializer: "random_uniform", betaInitializer: "random_uniform");
        var x = Uniform(4, new Shape(shape), -2f, 2f);
        _ = layer.Apply(x);
        Assert.Equal((scale ? 1 : 0) + (center ? 1 : 0), layer.Weights.Count);
        AssertGradients(_ => layer.Apply(x), [x, .. layer.Weights.Select(w => w.Value)]);
    }

    [Fact]
    public void AMaskPassesThrough()
    {
        var inputs = Keras.Input(shape: [3]);
        var normalized = new LayerNormalization().Apply(new Embedding(5, 4, maskZero: true).Apply(inputs));
        var model = new Functional(inputs, new Dense(2).Apply(normalized));
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([Tensor.FromArray([3f, 1f, 0f, 2f, 0f, 0f], 2, 3)], outputs, masks);
        Assert.Equal([1f, 1f, 0f, 1f, 0f, 0f], masks[0]!.ToArray());
    }

    [Fact]
    public void BadSettingsAreRefusedClearly()
    {
        Assert.Contains("axis 0 (the batch axis)", Assert.Throws<ArgumentException>(() => new LayerNormalization(0)).Message);
        Assert.Contains("repeat an axis", Assert.Throws<ArgumentException>(() => new LayerNormalization([1, 1])).Message);
        Assert.Contains("at least one axis", Assert.Throws<ArgumentException>(() => new LayerNormalization([])).Message);
        Assert.Contains("epsilon must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNormalization(epsilon: 0f)).Message);
        var e = Assert.Throws<ArgumentException>(() => new LayerNormalization(3, name: "norm").Apply(Keras.Input(shape: [4])));
        Assert.Contains("'norm' (LayerNormalization) expects axes within a sample of rank 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LayerNormalization([2, -1], name: "norm").Apply(Keras.Input(shape: [3, 4])));
        Assert.Contains("names axis 2 twice", e.Message);
    }
}
