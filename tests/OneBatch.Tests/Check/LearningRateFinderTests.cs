using OneBatch.Check;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Check;

/// <summary>The learning-rate range test: its schedule, smoothing and stop rule by hand, and what it does to the model.</summary>
public sealed class LearningRateFinderTests
{
    [Fact]
    public void TheDefaultScheduleRunsFrom1e7To10In100StepsOfEqualRatio()
    {
        var options = new LearningRateFinderOptions();
        Assert.Equal(100, options.NumSteps);
        Assert.Equal(1e-7f, options.LearningRateAt(0));
        Assert.Equal(10f, options.LearningRateAt(99), 1e-5f);

        // 8 decades over 99 ratios: each rate is the one before times 10^(8/99) = 1.204504...
        double ratio = Math.Pow(10, 8.0 / 99);
        Assert.Equal(1.2045035, ratio, 6);
        for (int i = 1; i < 100; i++)
        {
            Assert.Equal(ratio, (double)options.LearningRateAt(i) / options.LearningRateAt(i - 1), 5);
        }

        // The halfway step of a 1e-4 .. 1 test over 5 steps is 1e-2; the steps between are 1e-3 and 1e-1.
        var small = new LearningRateFinderOptions { StartLearningRate = 1e-4f, EndLearningRate = 1f, NumSteps = 6 };
        Assert.Equal(1e-4f, small.LearningRateAt(0));
        Assert.Equal(1e-4 * Math.Pow(1e4, 0.4), small.LearningRateAt(2), 1e-8);
        Assert.Equal(1f, small.LearningRateAt(5), 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => small.LearningRateAt(6));
    }

    [Fact]
    public void TheSmoothedLossIsTheBiasCorrectedMovingAverage()
    {
        // beta 0.98, losses 2, 1, 4:
        //   avg1 = 0.02*2 = 0.04;                  smoothed 0.04 / (1 - 0.98) = 2
        //   avg2 = 0.98*0.04 + 0.02*1 = 0.0592;    smoothed 0.0592 / (1 - 0.9604) = 1.494949...
        //   avg3 = 0.98*0.0592 + 0.02*4 = 0.138016; smoothed 0.138016 / (1 - 0.941192) = 2.346891...
        var smoothing = new SmoothedLoss(0.98f);
        Assert.Equal(2f, smoothing.Add(2f), 1e-5f);
        Assert.Equal(1.4949495f, smoothing.Add(1f), 1e-5f);
        Assert.Equal(2.3468915f, smoothing.Add(4f), 1e-5f);
        Assert.True(float.IsNaN(smoothing.Add(float.NaN)));
    }

    [Fact]
    public void TheTestStopsAbove4TimesTheMinimumOrWhenNotFinite()
    {
        float best = float.PositiveInfinity;
        Assert.Null(LearningRateFinder.StopAt(2f, ref best));
        Assert.Equal(2f, best);
        Assert.Null(LearningRateFinder.StopAt(1f, ref best));
        Assert.Equal(1f, best);
        Assert.Null(LearningRateFinder.StopAt(4f, ref best)); // 4x exactly is not above it
        Assert.Equal(LearningRateStop.Diverged, LearningRateFinder.StopAt(4.001f, ref best));
        Assert.Equal(1f, best);
        Assert.Equal(LearningRateStop.NonFinite, LearningRateFinder.StopAt(float.NaN, ref best));
        Assert.Equal(LearningRateStop.NonFinite, LearningRateFinder.StopAt(float.PositiveInfinity, ref best));
    }

    [Fact]
    public void AnExplodingLossStopsTheTestAsNonFinite()
    {
        // SGD at 1e20 from the first step: the second loss is infinite or NaN, and so the smoothed one.
        var demo = SeedDemos.Regression();
        var result = LearningRateFinder.Run(demo, new SGD(), new LearningRateFinderOptions { StartLearningRate = 1e20f, EndLearningRate = 1e30f, NumSteps = 10 });
        Assert.Equal(LearningRateStop.NonFinite, result.StopReason);
        Assert.Equal("non_finite", result.StopCode);
        Assert.True(result.Steps < 10);
        Assert.False(float.IsFinite(result.SmoothedLosses[^1]));
        Assert.Empty(result.Suggestions); // a single finite point
        Assert.Null(result.Recommended);
    }

    [Fact]
    public void TheWeightsAreRestoredBitForBitAndTheGivenOptimizerIsUntouched()
    {
        var demo = SeedDemos.Regression(seed: 3);
        var before = demo.Model.GetWeights();
        var adam = new Adam();
        var result = LearningRateFinder.Run(demo, adam, new LearningRateFinderOptions { NumSteps = 40, EndLearningRate = 100f });
        Assert.True(result.Steps > 1);
        var after = demo.Model.GetWeights();
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i], after[i]); // float arrays: element by element, exactly
        }

        Assert.Equal(0, adam.Iterations);
        Assert.Empty(adam.Variables);
        Assert.Equal(0.001f, adam.LearningRate);
    }

    [Fact]
    public void TheRecordIsOneRateLossAndSmoothedLossPerStep()
    {
        var demo = SeedDemos.Regression();
        var options = new LearningRateFinderOptions();
        var result = LearningRateFinder.Run(demo, new Adam(), options);
        Assert.Equal(result.Steps, result.Losses.Count);
        Assert.Equal(result.Steps, result.SmoothedLosses.Count);
        for (int i = 0; i < result.Steps; i++)
        {
            Assert.Equal(options.LearningRateAt(i), result.LearningRates[i]);
        }

        // The first loss is the model's initial loss, unsmoothed (the bias correction makes it so).
        var step = new OneBatch.Check.Training.TrainStep(demo.Model, demo.X, demo.Y, new OneBatch.Losses.MeanSquaredError(), new Adam());
        Assert.Equal(step.Forward(), result.Losses[0]);
        Assert.Equal(result.Losses[0], result.SmoothedLosses[0], 1e-6f);
        Assert.Equal(["valley", "steepest", "minimum/10"], result.Suggestions.Select(s => s.Name));
        Assert.Equal("valley", result.Recommended!.Name);
    }

    [Fact]
    public void TrainingTheRegressionDemoAtTheRecommendedRateMemorizesIt()
    {
        // The figures of seed 0: valley 2.98e-4 memorizes in 1,251 steps (Adam's default 1e-3 takes 397).
        var demo = SeedDemos.Regression();
        var result = LearningRateFinder.Run(demo, new Adam());
        float rate = result.Recommended!.LearningRate;
        Assert.InRange(rate, 1e-4f, 1e-3f);
        var report = SingleBatchCheck.Run(demo, new Adam(rate));
        Assert.True(report.Memorized, $"not memorized at the recommended rate {rate}: {report.Verdict} after {report.Steps} steps");
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        var demo = SeedDemos.Regression();
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(demo, new Adam(), new LearningRateFinderOptions { StartLearningRate = 0f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(demo, new Adam(), new LearningRateFinderOptions { StartLearningRate = 1f, EndLearningRate = 1f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(demo, new Adam(), new LearningRateFinderOptions { NumSteps = 5 }));
    }
}
