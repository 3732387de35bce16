using OneBatch.Autodiff;
using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check.Diagnostics;

/// <summary>
/// The engine's own layers keep the batch axis (Reshape and Permute act on the other axes, as in Keras), so they cannot
/// mix samples: the failure is built with a test-only layer that does what a hand-written <c>x.view(features, -1)</c>
/// does, a transpose across the batch axis.
/// </summary>
public sealed class BatchMixingTests
{
    /// <summary>[N, F] -> transpose to [F, N] -> read back as [N, F]: every sample's row is made of several samples' values.</summary>
    private sealed class TransposeAcrossBatch(int features) : Layer("transpose_across_batch", [features])
    {
        protected internal override Tensor Call(Tensor x, bool training)
        {
            int n = x.Shape[0], f = x.Shape[1];
            return Ops.Reshape(Ops.Transpose(x, [1, 0]), new Shape(n, f));
        }
    }

    [Fact]
    public void AReshapeAcrossTheBatchAxisIsFoundByTheGradientOfOneSample()
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var model = new Sequential([new TransposeAcrossBatch(5), new Dense(32, "relu"), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 20 });

        Assert.False(report.Memorized);
        var d = Assert.Single(report.Diagnoses, d => d.Code == DiagnosisCodes.BatchMixing);
        Assert.Equal(0, d.Evidence["sample"]);
        Assert.True((int)d.Evidence["mixedSampleCount"]! > 0);
        Assert.Empty((string[])d.Evidence["skippedLayers"]!);
        Assert.Equal(DiagnosisCodes.BatchMixing, report.Diagnoses[0].Code);
    }

    [Fact]
    public void BatchNormalizationMixesByDesignAndIsSkipped()
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var model = new Sequential([new Dense(32, inputShape: [5]), new BatchNormalization(name: "bn"), new Activation("relu"), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 5 });

        Assert.False(report.Memorized);
        Assert.DoesNotContain(report.Diagnoses, d => d.Code == DiagnosisCodes.BatchMixing);
        var mixing = report.Evidence!.BatchMixing!;
        Assert.Empty(mixing.MixedSamples);
        Assert.Equal(["bn"], mixing.SkippedLayers);
    }

    [Fact]
    public void ASampleWiseModelDoesNotMix()
    {
        var demo = SeedDemos.Regression();
        var report = SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { MaxSteps = 5 });

        Assert.False(report.Memorized);
        Assert.Empty(report.Evidence!.BatchMixing!.MixedSamples);
        Assert.Null(new BatchMixingRule().Diagnose(report.Evidence!));
    }
}
