using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class NoNonlinearityTests
{
    [Fact]
    public void DenseLayersWithoutActivationsCannotMemorizeTheSeedRegressionBatch()
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var model = new Sequential([new Dense(64, inputShape: [5]), new Dense(32), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(0.01f), new CheckOptions { MaxSteps = 300 });

        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        var d = Assert.Single(report.Diagnoses, d => d.Code == DiagnosisCodes.NoNonlinearity);
        Assert.Contains("relu", d.Message, StringComparison.Ordinal);
        Assert.Equal(32, d.Evidence["samples"]);
        Assert.Equal(5, d.Evidence["inputFeatures"]);
        Assert.Equal(3, ((string[])d.Evidence["layers"]!).Length);
    }

    [Fact]
    public void ALogisticRegressionCountsAsLinear()
    {
        var (x, y) = BrokenModels.ClassificationBatch();
        var model = new Sequential([new Dense(16, inputShape: [10]), new Dense(3, "softmax")]);
        var report = SingleBatchCheck.Run(model, x, y, new CategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 300 });

        Assert.False(report.Memorized);
        var d = Assert.Single(report.Diagnoses, d => d.Code == DiagnosisCodes.NoNonlinearity);
        Assert.Single((string[])d.Evidence["outputActivationsCountedLinear"]!);
    }

    [Fact]
    public void TheSameModelWithReluMemorizesWithNoDiagnosis()
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var model = new Sequential([new Dense(64, "relu", inputShape: [5]), new Dense(32, "relu"), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3000 });

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void AFailingNonlinearModelIsNotCalledLinear()
    {
        var demo = SeedDemos.Regression();
        var report = SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { MaxSteps = 10 });

        Assert.False(report.Memorized);
        Assert.Null(new NoNonlinearityRule().Diagnose(report.Evidence!));
    }

    [Fact]
    public void ALinearModelWithNoMoreSamplesThanFeaturesIsNotBlamed()
    {
        // 4 samples, 5 features: a linear map can fit them, so a failure (too few steps) is not linearity's.
        var (x, y) = BrokenModels.RegressionBatch();
        var x4 = OneBatch.Tensors.Tensor.FromArray(x.ReadOnlySpan[..20].ToArray(), 4, 5);
        var y4 = OneBatch.Tensors.Tensor.FromArray(y.ReadOnlySpan[..4].ToArray(), 4, 1);
        var model = new Sequential([new Dense(8, inputShape: [5]), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x4, y4, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3 });

        Assert.False(report.Memorized);
        Assert.DoesNotContain(report.Diagnoses, d => d.Code == DiagnosisCodes.NoNonlinearity);
    }
}
