using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Check;

public sealed class SeedDemoTests
{
    [Theory]
    [InlineData("regression")]
    [InlineData("classification")]
    public void SeedDemoIsMemorizedWithinTheDefaultLimit(string name)
    {
        var demo = SeedDemos.Create(name, seed: 0);
        var report = SingleBatchCheck.Run(demo, new Adam());

        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
        Assert.True(report.Steps < CheckOptions.DefaultMaxSteps);
        Assert.True(report.FinalLoss < report.TargetLoss);
        Assert.True(report.FinalLoss < report.InitialLoss / 100);
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void SameSeedGivesTheSameLossCurveBitForBit()
    {
        static IReadOnlyList<(int, float)> Curve(int seed)
        {
            var demo = SeedDemos.Regression(seed);
            return SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { MaxSteps = 200, EarlyStop = false }).LossCurve;
        }

        var a = Curve(7);
        var b = Curve(7);
        var c = Curve(8);
        Assert.Equal(201, a.Count);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
