using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class UnscaledTargetsTests
{
    // The seed's regression batch with its targets turned into prices: 200,000 + 50,000 * y.
    private static (Tensor X, Tensor Y) Prices(float offset, float scale)
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var prices = new Tensor(y.Shape);
        TensorPrimitives.Multiply(y.ReadOnlySpan, scale, prices.Span);
        TensorPrimitives.Add(prices.ReadOnlySpan, offset, prices.Span);
        return (x, prices);
    }

    private static Sequential Mlp() => new([new Dense(32, "relu", inputShape: [5]), new Dense(16, "relu"), new Dense(1)]);

    [Fact]
    public void HousePricesWithAdamAtItsDefaultRateAreUnscaledTargetsWithTheirSymptomsFolded()
    {
        var (x, y) = Prices(200_000f, 50_000f);
        var report = SingleBatchCheck.Run(Mlp(), x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 300 });

        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        var d = Assert.Single(report.Diagnoses);
        Assert.Equal(DiagnosisCodes.UnscaledTargets, d.Code);
        Assert.Contains("standardize the targets", d.Message, StringComparison.Ordinal);
        Assert.Contains("standardized units", d.Message, StringComparison.Ordinal);
        Assert.True((double)d.Evidence["targetMean"]! > 100_000);
        Assert.True((double)d.Evidence["targetScale"]! > 100_000);
        Assert.NotNull(d.Evidence["standardizedFinalLoss"]);
        Assert.True(Assert.IsType<string[]>(d.Evidence["symptoms"]).Length > 0);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code is DiagnosisCodes.LrTooLow or DiagnosisCodes.DeadGradient);
    }

    [Fact]
    public void TheStandardizedLossIsTheLossOverTheTargetsVariance()
    {
        var (x, y) = Prices(0f, 1000f);
        var report = SingleBatchCheck.Run(Mlp(), x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 100 });
        var d = report.Diagnoses.Single(d => d.Code == DiagnosisCodes.UnscaledTargets);
        double std = (double)d.Evidence["targetStd"]!;
        double expected = report.FinalLoss / (std * std);
        Assert.Equal(expected, (double)d.Evidence["standardizedFinalLoss"]!, expected * 0.01);
    }

    [Fact]
    public void TargetsOfScaleFiftyWithALargerRateMemorizeWithNoDiagnosis()
    {
        var (x, y) = Prices(0f, 50f);
        var report = SingleBatchCheck.Run(Mlp(), x, y, new MeanSquaredError(), new Adam(0.03f), new CheckOptions { MaxSteps = 3000 });

        Assert.True(report.Memorized, $"final loss {report.FinalLoss}, target {report.TargetLoss}");
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void AFailingRunOnUnitScaleTargetsIsNotBlamedOnTheirScale()
    {
        // Too few steps to memorize the seed's own (unit-scale) targets: a failure, but not one of scale.
        var (x, y) = BrokenModels.RegressionBatch();
        var report = SingleBatchCheck.Run(Mlp(), x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 20 });

        Assert.False(report.Memorized);
        Assert.Null(new UnscaledTargetsRule().Diagnose(report.Evidence!));
    }

    [Fact]
    public void ARootCauseFoldsTheSymptomsItSubsumes()
    {
        var (x, y) = Prices(200_000f, 50_000f);
        var report = SingleBatchCheck.Run(Mlp(), x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 300 });
        var withoutRoot = DiagnosisRules.Diagnose(report.Evidence!, DiagnosisRules.All.Where(r => r is not UnscaledTargetsRule).ToArray());
        var symptoms = (string[])report.Diagnoses.Single().Evidence["symptoms"]!;

        Assert.Equal(withoutRoot.Select(d => d.Code).Where(c => new UnscaledTargetsRule().Explains.Contains(c)), symptoms);
    }
}
