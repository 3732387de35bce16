using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class SpatialDropoutTests
{
    public static TheoryData<int> Dimensions() => [1, 2, 3];

    private static (SpatialDropout Layer, Shape Shape) Make(int dimensions, float rate) => dimensions switch
    {
        1 => (new SpatialDropout1D(rate, seed: 1), new Shape(4, 5, 6)),
        2 => (new SpatialDropout2D(rate, seed: 1), new Shape(4, 3, 5, 6)),
        _ => (new SpatialDropout3D(rate, seed: 1), new Shape(4, 2, 3, 2, 6)),
    };

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void InInferenceTheInputPassesThrough(int dimensions)
    {
        var (layer, shape) = Make(dimensions, 0.5f);
        var x = GradientChecker.Uniform(1, shape);
        Assert.Same(x, layer.Apply(x));
        Assert.True(layer.ActsOnlyInTraining);
        Assert.False(Make(dimensions, 0f).Layer.ActsOnlyInTraining);
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [x]);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void InTrainingWholeChannelsDropAndTheRestScale(int dimensions)
    {
        var (layer, shape) = Make(dimensions, 0.5f);
        var x = GradientChecker.Away(2, shape, 0.5f, 1f);
        var y = layer.Apply(x, training: true);
        int channels = shape.Last, perSample = shape.Size / shape[0];
        int dropped = 0;
        for (int b = 0; b < shape[0]; b++)
        {
            for (int c = 0; c < channels; c++)
            {
                // Every position of channel c of sample b shares one fate: 0, or 2x (1 / (1 - 0.5)).
                var ratios = Enumerable.Range(0, perSample / channels).Select(p => y.ToArray()[(b * perSample) + (p * channels) + c] / x.ToArray()[(b * perSample) + (p * channels) + c]).ToArray();
                Assert.True(ratios.All(r => MathF.Abs(r) < 1e-6f) || ratios.All(r => MathF.Abs(r - 2f) < 1e-5f), $"sample {b} channel {c}: [{string.Join(", ", ratios)}]");
                dropped += MathF.Abs(ratios[0]) < 1e-6f ? 1 : 0;
            }
        }

        Assert.InRange(dropped, 1, (shape[0] * channels) - 1);

        // A fresh layer of the same seed drops the same channels on every call, so finite differences see one function.
        GradientChecker.AssertGradients(t => Make(dimensions, 0.5f).Layer.Apply(t[0], training: true), [x]);
    }

    [Fact]
    public void TheRankAndRateAreChecked()
    {
        Assert.Contains("expects images [height, width, channels]", Assert.Throws<ArgumentException>(() => new SpatialDropout2D(0.1f).Apply(Tensor.Zeros(2, 3, 4))).Message);
        Assert.Equal("SpatialDropout1D 'd' needs a rate in [0, 1); got 1. (Parameter 'rate')", Assert.Throws<ArgumentException>(() => new SpatialDropout1D(1f, name: "d")).Message);
    }
}
