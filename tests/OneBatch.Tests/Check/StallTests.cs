using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class StallTests
{
    // Dense(1, relu) with bias -10 on inputs in [0, 1): the output is 0 for every sample and no gradient flows,
    // so the loss can never move.
    private static Sequential DeadModel() => new(
        [new Dense(1, activation: "relu", biasInitializer: new Constant(-10f), inputShape: [4])], seed: 0);

    [Fact]
    public void ARunWhoseLossNeverMovesStopsAfterTheStallWindow()
    {
        var random = new RandomGenerator(1);
        var x = random.Uniform(new Shape(16, 4));
        var y = random.Uniform(new Shape(16, 1));

        var report = SingleBatchCheck.Run(DeadModel(), x, y, new MeanSquaredError(), new Adam(), new CheckOptions { StallSteps = 200 });

        Assert.False(report.Memorized);
        Assert.Equal(200, report.Steps);
        Assert.Equal(report.InitialLoss, report.FinalLoss);
        Assert.Contains(report.Notes, n => n.Contains("had not changed at all for 200 steps", StringComparison.Ordinal));
        Assert.Contains(report.Diagnoses, d => d.Code == DiagnosisCodes.DeadGradient);
    }

    [Fact]
    public void WithoutEarlyStopTheStalledRunTakesEveryStep()
    {
        var random = new RandomGenerator(1);
        var x = random.Uniform(new Shape(16, 4));
        var y = random.Uniform(new Shape(16, 1));

        var report = SingleBatchCheck.Run(DeadModel(), x, y, new MeanSquaredError(), new Adam(),
            new CheckOptions { StallSteps = 50, MaxSteps = 120, EarlyStop = false });

        Assert.Equal(120, report.Steps);
        Assert.DoesNotContain(report.Notes, n => n.Contains("had not changed", StringComparison.Ordinal));
    }

    [Fact]
    public void AHealthyRunNeverCountsAsStalled()
    {
        var demo = SeedDemos.Regression(seed: 3);
        var report = SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { StallSteps = 5 });

        Assert.True(report.Memorized);
        Assert.Empty(report.Notes);
    }
}
