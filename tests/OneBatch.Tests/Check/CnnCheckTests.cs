using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Check;

public sealed class CnnCheckTests
{
    [Fact]
    public void TheSeedCnnIsMemorized()
    {
        var demo = SeedDemos.Create("cnn", seed: 0);
        Assert.Equal(new Shape(16, 32, 32, 3), demo.X.Shape);
        Assert.Equal(new Shape(16, 2), demo.Y.Shape);

        var report = SingleBatchCheck.Run(demo, new Adam());

        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
        Assert.Equal(1f, report.Accuracy);
        Assert.True(report.FinalLoss < report.TargetLoss);
        Assert.True(MathF.Abs(report.InitialLoss - MathF.Log(2)) < 0.1f, $"initial loss {report.InitialLoss}, ln 2 expected");
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void ACnnTrainingStepAllocatesNothingInSteadyState()
    {
        var demo = SeedDemos.Create("cnn", seed: 1);
        var step = new TrainStep(demo.Model, demo.Inputs, demo.Targets, demo.Loss, new Adam());
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run(), warmUp: 3, rounds: 3, perRound: 2);
        Assert.True(allocated == 0, $"2 steps allocated {allocated} bytes");
    }

    [Fact]
    public void BatchNormalizationUsesBatchStatisticsDuringTheCheckOnly()
    {
        var random = new RandomGenerator(3);
        var x = random.Uniform(new Shape(8, 6, 6, 2));
        var y = Categorical.ToCategorical(random.Integers(new Shape(8), 0, 2), 2);
        var bn = new BatchNormalization();
        var model = new Sequential(
        [
            new Conv2D(4, 3, padding: "same", inputShape: [6, 6, 2]),
            bn,
            new Activation("relu"),
            new GlobalAveragePooling2D(),
            new Dense(2, activation: "softmax"),
        ], seed: 3);

        var report = SingleBatchCheck.Run(model, x, y, new CategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 20, EarlyStop = false });

        Assert.Contains(report.Notes, n => n.Contains("BatchNormalization", StringComparison.Ordinal));
        Assert.False(bn.UseBatchStatisticsInInference);

        // The moving statistics moved: the layer ran with batch statistics at every step.
        Assert.NotEqual(0f, bn.MovingMean!.Value[0]);
    }
}
