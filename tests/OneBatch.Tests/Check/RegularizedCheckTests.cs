using OneBatch.Check;
using OneBatch.Optimizers;
using OneBatch.Regularizers;

namespace OneBatch.Tests.Check;

public sealed class RegularizedCheckTests
{
    /// <summary>The seed's classification MLP with an L2 on every kernel.</summary>
    internal static CheckCase Classifier(float l2)
    {
        var demo = SeedDemos.Classification(seed: 0);
        foreach (var layer in demo.Model.Layers)
        {
            layer.KernelRegularizer = new L2(l2);
        }

        return demo;
    }

    [Fact]
    public void MemorizedIsJudgedOnTheDataLossWhileThePenaltyStaysLarge()
    {
        // L2(1e-3) on every kernel: the cross-entropy falls under 0.01 with every sample right, while the penalty stays
        // several times the target, so the total Keras would show never gets under it.
        var report = SingleBatchCheck.Run(Classifier(1e-3f), new Adam(0.01f));

        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
        Assert.True(report.FinalDataLoss < report.TargetLoss, $"data loss {report.FinalDataLoss}");
        Assert.True(report.FinalPenalty > 3 * report.TargetLoss, $"penalty {report.FinalPenalty}");
        Assert.True(report.FinalLoss > report.TargetLoss, $"total {report.FinalLoss}");
        Assert.Equal(report.FinalDataLoss + report.FinalPenalty, report.FinalLoss, 1e-5f);
        Assert.Equal(report.InitialDataLoss + report.InitialPenalty, report.InitialLoss, 1e-5f);
        Assert.Equal(report.FinalDataLoss, report.Outputs[0].FinalLoss);
        Assert.True(report.HasPenalty);

        // The curve stays the total loss trained, as Keras's history shows it.
        Assert.Equal(report.FinalLoss, report.LossCurve[^1].Loss);
        Assert.Equal(report.InitialLoss, report.LossCurve[0].Loss);
    }

    [Fact]
    public void APenaltyThatDominatesAnUnmemorizedRunIsNoted()
    {
        var report = SingleBatchCheck.Run(Classifier(1e-2f), new Adam(0.01f), new CheckOptions { MaxSteps = 600 });

        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        Assert.True(report.FinalDataLoss > report.TargetLoss);
        Assert.Contains(report.Notes, n => n.StartsWith("The regularizers' penalty is ", StringComparison.Ordinal)
            && n.Contains("memorized is judged on the data loss", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutRegularizersTheDataLossIsTheLossAndThePenaltyZero()
    {
        var report = SingleBatchCheck.Run(SeedDemos.Regression(seed: 0), new Adam(), new CheckOptions { MaxSteps = 20 });
        Assert.False(report.HasPenalty);
        Assert.Equal(report.FinalLoss, report.FinalDataLoss);
        Assert.Equal(report.InitialLoss, report.InitialDataLoss);
        Assert.Equal(0f, report.FinalPenalty);
    }
}
