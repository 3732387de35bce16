using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class InsufficientCapacityTests
{
    // 32 samples of 5 inputs and 3 independent uniform targets.
    private static (Tensor X, Tensor Y) ThreeTargets()
    {
        var random = new RandomGenerator(7);
        return (random.Uniform(new Shape(32, 5)), random.Uniform(new Shape(32, 3)));
    }

    [Fact]
    public void AOneUnitBottleneckBeforeAThreeOutputRegressionIsNamed()
    {
        var (x, y) = ThreeTargets();
        var model = new Sequential(
        [
            new Dense(32, "relu", inputShape: [5]), new Dense(1, "relu", name: "bottleneck"), new Dense(32, "relu"), new Dense(3),
        ]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(0.01f), new CheckOptions { MaxSteps = 300 });

        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        var d = Assert.Single(report.Diagnoses, d => d.Code == DiagnosisCodes.InsufficientCapacity);
        Assert.Equal("bottleneck", d.Evidence["layer"]);
        Assert.Equal(1, d.Evidence["width"]);
        Assert.Equal(3, d.Evidence["targetRank"]);
        Assert.Contains("'bottleneck'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewParametersForTheBatchsTargets()
    {
        // 2 tanh units: 15 parameters for 32 target values.
        var (x, y) = BrokenModels.RegressionBatch();
        var model = new Sequential([new Dense(2, "tanh", inputShape: [5]), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(0.01f), new CheckOptions { MaxSteps = 300 });

        Assert.False(report.Memorized);
        var d = Assert.Single(report.Diagnoses, d => d.Code == DiagnosisCodes.InsufficientCapacity);
        Assert.Equal(15L, d.Evidence["trainableParameters"]);
        Assert.Equal(32L, d.Evidence["targetValues"]);
    }

    [Fact]
    public void ANarrowButSufficientModelMemorizesWithNoDiagnosis()
    {
        // A 3-unit linear bottleneck is exactly as wide as the 3 targets need.
        var (x, y) = ThreeTargets();
        var model = new Sequential(
        [
            new Dense(64, "relu", inputShape: [5]), new Dense(32, "relu"), new Dense(3, name: "narrow"), new Dense(3),
        ]);
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 5000 });

        Assert.True(report.Memorized, $"final loss {report.FinalLoss}, target {report.TargetLoss}");
        Assert.Empty(report.Diagnoses);
    }

    [Theory]
    [InlineData("regression")]
    [InlineData("classification")]
    public void TheSeedDemosModelsHaveCapacityEvenWhenTheyFail(string name)
    {
        var demo = SeedDemos.Create(name, 0);
        var report = SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { MaxSteps = 5 });

        Assert.False(report.Memorized);
        Assert.Null(new InsufficientCapacityRule().Diagnose(report.Evidence!));
        Assert.Null(new NoNonlinearityRule().Diagnose(report.Evidence!));
    }
}
