using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

/// <summary>RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness, RandomHeight, RandomWidth.</summary>
public sealed class AugmentationLayerTests
{
    public static TheoryData<string> Kinds() => ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness", "RandomHeight", "RandomWidth"];

    private static AugmentationLayer Make(string kind) => kind switch
    {
        "RandomFlip" => new RandomFlip("horizontal"),
        "RandomRotation" => new RandomRotation([0.1f]),
        "RandomZoom" => new RandomZoom([-0.2f, 0.3f], [0.1f]),
        "RandomTranslation" => new RandomTranslation([0.1f], [0.2f]),
        "RandomContrast" => new RandomContrast([0.5f]),
        "RandomBrightness" => new RandomBrightness([0.2f], [0f, 1f]),
        "RandomHeight" => new RandomHeight([0.2f]),
        _ => new RandomWidth([0.2f]),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InInferenceTheOutputIsTheInput(string kind)
    {
        var layer = Make(kind);
        var x = GradientChecker.Uniform(1, new Shape(2, 4, 4, 3));
        Assert.Same(x, layer.Apply(x));
        Assert.True(layer.ActsOnlyInTraining);
        Assert.True(layer.PreservesRange);
        Assert.Equal(kind, layer.ClassName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InTrainingTheyAreRefusedRatherThanSkipped(string kind)
    {
        var layer = Make(kind);
        var e = Assert.Throws<NotSupportedException>(() => layer.Apply(Tensor.Zeros(1, 2, 2, 1), training: true));
        Assert.Contains("runs only as in inference in OneBatch", e.Message);
    }

    [Fact]
    public void TheCheckRunsThemAsInInferenceAndSaysSo()
    {
        var model = new Sequential(
        [
            new RandomFlip(inputShape: [4, 4, 3]),
            new RandomRotation([0.2f]),
            new RandomZoom([0.1f]),
            new Rescaling(1f / 255f),
            new Flatten(),
            new Dense(2, activation: "softmax"),
        ]);
        var x = new RandomGenerator(3).Uniform(new Shape(6, 4, 4, 3), 0f, 255f);
        var y = Tensor.FromArray([0f, 1f, 0f, 1f, 1f, 0f], 6);
        var report = SingleBatchCheck.Run(model, x, y, new SparseCategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 30 });
        Assert.Contains(
            report.Notes,
            n => n.Contains("act only in training", StringComparison.Ordinal) && n.Contains("'random_flip' (RandomFlip)", StringComparison.Ordinal)
                && n.Contains("'random_rotation' (RandomRotation)", StringComparison.Ordinal) && n.Contains("'random_zoom' (RandomZoom)", StringComparison.Ordinal));
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Equal(
            "RandomFlip 'f' flips horizontal, vertical or horizontal_and_vertical; got 'diagonal'. (Parameter 'mode')",
            Assert.Throws<ArgumentException>(() => new RandomFlip("diagonal", name: "f")).Message);
        Assert.Contains("one finite number or a (lower, upper) pair", Assert.Throws<ArgumentException>(() => new RandomRotation([0.1f, 0.2f, 0.3f])).Message);
        Assert.Contains("value range [low, high]", Assert.Throws<ArgumentException>(() => new RandomBrightness([0.1f], [1f, 0f])).Message);
        Assert.Contains("expects images", Assert.Throws<ArgumentException>(() => new RandomContrast([0.1f]).Apply(Tensor.Zeros(2, 3))).Message);
    }
}
