using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Check.Sweep;

namespace OneBatch.Tests.Check;

public sealed class SweepRankingTests
{
    private static SweepRun Run(int index, string optimizer, float rate, int? memorizedAt, float loss, params string[] codes) => new()
    {
        Index = index,
        Optimizer = optimizer,
        OptimizerConfig = [],
        LearningRate = rate,
        Verdict = memorizedAt is null ? CheckReport.NotMemorizedVerdict : CheckReport.MemorizedVerdict,
        MemorizedAtStep = memorizedAt,
        Steps = memorizedAt ?? 100,
        FinalLoss = loss,
        Seconds = 0.01,
        Diagnoses = codes.Select(c => new Diagnosis(c, c, new Dictionary<string, object?>())).ToArray(),
        LossCurve = [],
    };

    private static readonly SweepRun[] Runs =
    [
        Run(0, "adam", 1e-3f, null, 0.5f, DiagnosisCodes.LrTooLow),
        Run(1, "adam", 1e-2f, 300, 1e-4f),
        Run(2, "adam", 1e-1f, 80, 2e-5f),
        Run(3, "adam", 1f, null, float.NaN, DiagnosisCodes.NonFinite, DiagnosisCodes.LrTooHigh),
        Run(4, "sgd", 1e-3f, null, 0.1f, DiagnosisCodes.LrTooLow),
        Run(5, "sgd", 1e-2f, 80, 1e-5f),
        Run(6, "sgd", 1e-1f, null, 3f, DiagnosisCodes.LrTooHigh),
        Run(7, "sgd", 1f, 300, 1e-4f),
    ];

    private static SweepResult Result() => new()
    {
        Name = "t",
        Runs = Runs,
        Optimizers = ["adam", "sgd"],
        LearningRates = [1e-3f, 1e-2f, 1e-1f, 1f],
        MaxSteps = 100,
        Seed = 0,
        Workers = 1,
        Seconds = 1,
    };

    [Fact]
    public void MemorizedFirstByStepsThenLossThenGridOrder_ThenTheRestByLossWithNaNLast()
    {
        Assert.Equal([5, 2, 1, 7, 4, 0, 6, 3], Result().Ranked.Select(r => r.Index));
        Assert.Equal(5, Result().Best!.Index);
    }

    [Fact]
    public void RangesGiveTheLowestAndHighestRateThatMemorizedAndWhetherAllBetweenDid()
    {
        var ranges = Result().Ranges;
        Assert.Equal(("adam", 1e-2f, 1e-1f, true), (ranges[0].Optimizer, ranges[0].Low, ranges[0].High, ranges[0].Contiguous));
        Assert.Equal([1e-2f, 1e-1f], ranges[0].Rates);
        Assert.Equal((1e-2f, 1f, false), (ranges[1].Low, ranges[1].High, ranges[1].Contiguous));
    }

    [Fact]
    public void AnOptimizerThatNeverMemorizedHasNoRange_AndNoBestWhenNothingMemorized()
    {
        var failed = Runs.Where(r => !r.Memorized).ToArray();
        var result = new SweepResult { Name = "t", Runs = failed, Optimizers = ["adam", "sgd"], LearningRates = [1f], MaxSteps = 1, Seed = 0, Workers = 1, Seconds = 0 };
        Assert.Null(result.Best);
        Assert.False(result.AnyMemorized);
        Assert.All(result.Ranges, r => Assert.Null(r.Low));
    }

    [Fact]
    public void FindingsListTheRatesOfEachCodeInTheDesignOrder()
    {
        var findings = Result().Findings;
        Assert.Equal([DiagnosisCodes.LrTooHigh, DiagnosisCodes.LrTooLow, DiagnosisCodes.NonFinite], findings.Select(f => f.Code));
        Assert.Equal([3, 6], findings[0].Runs.Select(r => r.Index));
        Assert.Equal([0, 4], findings[1].Runs.Select(r => r.Index));
    }
}
