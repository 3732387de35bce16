using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class HealthyRunTests
{
    [Theory]
    [InlineData("regression", 0)]
    [InlineData("regression", 1)]
    [InlineData("regression", 2)]
    [InlineData("regression", 3)]
    [InlineData("classification", 0)]
    [InlineData("classification", 1)]
    [InlineData("classification", 2)]
    [InlineData("classification", 3)]
    public void SeedDemosGetNoDiagnosisEvenWhenEveryRuleLooks(string name, int seed)
    {
        var demo = SeedDemos.Create(name, seed);
        var report = SingleBatchCheck.Run(demo, new Adam());

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
        Assert.Empty(report.Notes);

        // The check only asks the rules about failed runs; asked anyway, none of them sees a problem here.
        Assert.Empty(DiagnosisRules.Diagnose(report.Evidence!));
    }

    [Fact]
    public void TheLayerTableDescribesEveryLayer()
    {
        var demo = SeedDemos.Classification();
        var report = SingleBatchCheck.Run(demo, new Adam());

        Assert.Equal(["dense", "dense_1", "dense_2"], report.Layers.Select(l => l.Name));
        Assert.Equal(["relu", "relu", "softmax"], report.Layers.Select(l => l.Activation));
        Assert.Equal(demo.Model.Layers.Select(l => (long)l.CountParams()), report.Layers.Select(l => l.Parameters));
        Assert.All(report.Layers, l => Assert.True(l.GradientNormEnd < l.GradientNormStart));
        Assert.NotNull(report.Layers[0].DeadShare);
        Assert.Null(report.Layers[2].DeadShare);
        Assert.All(report.Layers, l => Assert.Null(l.SaturatedShare));
    }

    [Fact]
    public void AnOverconfidentStartIsRemarked()
    {
        var demo = SeedDemos.Classification();
        var big = new OneBatch.Tensors.Tensor(demo.X.Shape);
        TensorPrimitives.Multiply(demo.X.ReadOnlySpan, 30f, big.Span);
        var report = SingleBatchCheck.Run(demo.Model, [big], demo.Targets, demo.Loss, new Adam(), new CheckOptions { MaxSteps = 1 });

        Assert.Contains(report.Notes, n => n.Contains("ln(3)", StringComparison.Ordinal));
    }
}
