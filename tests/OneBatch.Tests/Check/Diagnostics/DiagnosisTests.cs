using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Check.Diagnostics;

/// <summary>Each diagnosis code, produced by a model broken the way users break them, with the evidence that proves it.</summary>
public sealed class DiagnosisTests
{
    private static Diagnosis Single(CheckReport report, string code)
    {
        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        var found = report.Diagnoses.Where(d => d.Code == code).ToArray();
        Assert.True(found.Length == 1, $"expected {code}; got [{string.Join(", ", report.Diagnoses.Select(d => d.Code))}]");
        return found[0];
    }

    private static double Num(Diagnosis d, string key) => Convert.ToDouble(d.Evidence[key], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void SoftmaxIntoALogitsLossSitsOnItsPredictedFloor()
    {
        var report = BrokenModels.Run(BrokenModels.SoftmaxIntoLogitsLoss(), new Adam(), 600);

        var d = Single(report, DiagnosisCodes.SoftmaxBeforeLogitsLoss);
        double floor = Math.Log(1 + (2 / Math.E));
        Assert.Equal(floor, Num(d, "predictedFloor"), 3);
        Assert.True(report.FinalLoss >= floor * 0.999, $"loss {report.FinalLoss} went below the floor {floor}");
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.OutputRangeMismatch);
    }

    [Fact]
    public void ReluOutputWithNegativeTargetsIsARangeMismatch()
    {
        var demo = BrokenModels.ReluOutputNegativeTargets();
        var report = BrokenModels.Run(demo, new Adam(), 500);

        var d = Single(report, DiagnosisCodes.OutputRangeMismatch);
        var t = demo.Y.ToArray();
        Assert.Equal(t.Count(v => v < 0), Convert.ToInt32(d.Evidence["targetsOutside"], System.Globalization.CultureInfo.InvariantCulture));
        double floor = t.Where(v => v < 0).Sum(v => (double)v * v) / t.Length;
        Assert.Equal(floor, Num(d, "predictedFloor"), 3);
        Assert.True(report.FinalLoss >= floor * 0.999);
    }

    [Theory]
    [InlineData("regression")]
    [InlineData("classification")]
    public void AdamAtTenIsTooHighAndALowerRateIsSuggested(string name)
    {
        var report = BrokenModels.Run(SeedDemos.Create(name), new Adam(10f), 300);

        var d = Single(report, DiagnosisCodes.LrTooHigh);
        double suggested = Num(d, "suggestedLearningRate");
        Assert.True(suggested < 10 && suggested >= 1e-3, $"suggested {suggested}");
        Assert.Contains(d.Evidence["suggestedLearningRate"]!.ToString()!, d.Message, StringComparison.Ordinal);

        // The suggestion holds: from the same start at the suggested rate the loss ends far lower.
        var retry = BrokenModels.Run(SeedDemos.Create(name), new Adam((float)suggested), 300);
        Assert.True(retry.FinalLoss < report.FinalLoss / 10);
    }

    [Fact]
    public void AnOscillatingLossIsTooHigh()
    {
        var report = BrokenModels.Run(SeedDemos.Regression(), new Adam(0.05f), 300);

        var d = Single(report, DiagnosisCodes.LrTooHigh);
        Assert.True(Num(d, "stepsGoingUp") >= LossCurveShape.OscillationShare);
        Assert.Contains("oscillates", d.Message, StringComparison.Ordinal);
        Assert.True(Num(d, "suggestedLearningRate") < 0.05);
        Assert.True(Num(d, "probeLoss") < Num(d, "runLossAtProbeSteps") / 2);
    }

    [Fact]
    public void AdamAtOneTenMillionthIsTooLowAndAHigherRateIsSuggested()
    {
        var report = BrokenModels.Run(SeedDemos.Regression(), new Adam(1e-7f), 300);

        var d = Single(report, DiagnosisCodes.LrTooLow);
        double suggested = Num(d, "suggestedLearningRate");
        Assert.True(suggested >= 1e-5 && suggested <= 1e-2, $"suggested {suggested}");
        Assert.True(Num(d, "probeLoss") < report.FinalLoss / 2);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.LrTooHigh);
    }

    [Fact]
    public void TenSigmoidLayersVanish()
    {
        var report = BrokenModels.Run(BrokenModels.DeepSigmoidStack(), new SGD(), 300);

        var d = Single(report, DiagnosisCodes.VanishingGradient);
        Assert.True(Num(d, "firstToLastRatioStart") < 1e-3);
        var layers = report.Layers.Where(l => l.GradientNormStart is not null).ToArray();
        Assert.True(layers[0].GradientNormStart < layers[^1].GradientNormStart / 1000);
    }

    [Fact]
    public void InputsInTheThousandsSaturateTanh()
    {
        var report = BrokenModels.Run(BrokenModels.UnscaledInputsIntoTanh(), new Adam(), 1000);

        var d = Single(report, DiagnosisCodes.SaturatedActivation);
        Assert.Contains("dense", ((IReadOnlyDictionary<string, object>)d.Evidence["saturatedShare"]!).Keys);
        Assert.True(report.Layers[0].SaturatedShare > 0.9f);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
    }

    [Fact]
    public void BiasesOfMinusTenKillTheRelus()
    {
        var report = BrokenModels.Run(BrokenModels.NegativeBiasesBeforeRelu(), new Adam(), 500);

        var d = Single(report, DiagnosisCodes.DeadGradient);
        Assert.Equal(["dense", "dense_1"], (string[])d.Evidence["noGradientLayers"]!);
        Assert.Equal(1f, report.Layers[0].DeadShare);
        Assert.Equal(1f, report.Layers[1].DeadShare);
        Assert.Equal(0f, report.Layers[0].GradientNormStart);
    }

    [Fact]
    public void DuplicatedRowsWithOtherLabelsContradict()
    {
        var report = BrokenModels.Run(BrokenModels.DuplicatedRowsWithOtherLabels(), new Adam(), 300);

        var d = Single(report, DiagnosisCodes.ContradictoryLabels);
        Assert.Equal(16, Convert.ToInt32(d.Evidence["groups"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { 0, 16 }, (int[])d.Evidence["example"]!);
        Assert.Equal(Math.Log(2), Num(d, "lossFloor"), 3);
    }

    [Fact]
    public void EveryLayerFrozenLeavesNothingToTrain()
    {
        var report = BrokenModels.Run(BrokenModels.AllFrozen(), new Adam(), 100);

        Single(report, DiagnosisCodes.NoTrainableWeights);
        Assert.Equal(0, report.Steps);
    }

    [Fact]
    public void LearningRateZeroLeavesWeightsAsTheyWere()
    {
        var report = BrokenModels.Run(SeedDemos.Regression(), new Adam(0f), 50);

        var d = Single(report, DiagnosisCodes.WeightsNotUpdated);
        Assert.Equal(6, ((string[])d.Evidence["variables"]!).Length);
        Assert.All(report.Layers, l => Assert.Equal(0f, l.WeightChange));
        Assert.DoesNotContain(report.Diagnoses, x => x.Code is DiagnosisCodes.LrTooLow or DiagnosisCodes.LrTooHigh);
    }

    [Fact]
    public void WeightsTheOptimizerSkipsAreNamed()
    {
        var report = BrokenModels.Run(SeedDemos.Regression(), new BrokenModels.OnlyLastLayerOptimizer(new SGD(0.05f), skip: 4), 100);

        var d = Single(report, DiagnosisCodes.WeightsNotUpdated);
        Assert.Equal(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"], (string[])d.Evidence["variables"]!);
    }

    [Fact]
    public void AFrozenZeroLayerMakesTheOutputIgnoreTheInput()
    {
        var report = BrokenModels.Run(BrokenModels.FrozenZeroLayer(), new Adam(), 1000);

        var d = Single(report, DiagnosisCodes.InputIgnored);
        Assert.Equal("dense", d.Evidence["firstConstantLayer"]);
        Assert.Equal(Num(d, "inputIndependentLoss"), report.FinalLoss, 3);
    }

    [Fact]
    public void AnOverflowInTheForwardPassIsLocatedAtItsLayer()
    {
        var report = BrokenModels.Run(BrokenModels.ExponentialOfLargeInputs(), new Adam(), 10);

        var d = Single(report, DiagnosisCodes.NonFinite);
        Assert.Equal("forward", d.Evidence["phase"]);
        Assert.Equal("dense_1", d.Evidence["layer"]);
        Assert.Equal(0, d.Evidence["step"]);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.LrTooHigh);
    }

    [Fact]
    public void SgdAtFiftyDivergesAndIsTooHigh()
    {
        var report = BrokenModels.Run(SeedDemos.Regression(), new SGD(50f), 300);

        var d = Single(report, DiagnosisCodes.NonFinite);
        Assert.True(Convert.ToInt32(d.Evidence["step"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        var high = Single(report, DiagnosisCodes.LrTooHigh);
        Assert.True(Num(high, "suggestedLearningRate") < 50);
    }

    [Fact]
    public void ANonFiniteUpdateIsLocatedAtItsVariable()
    {
        var report = BrokenModels.Run(SeedDemos.Regression(), new BrokenModels.DividingOptimizer(0.01f), 100);

        var d = Single(report, DiagnosisCodes.NonFinite);
        Assert.Equal("update", d.Evidence["phase"]);
        Assert.Equal("dense/kernel", d.Evidence["variable"]);
        Assert.Equal(1, d.Evidence["step"]);
    }

    [Fact]
    public void EveryCodeHasARule()
    {
        Assert.Equal(DiagnosisCodes.All.OrderBy(c => c), DiagnosisRules.All.Select(r => r.Code).OrderBy(c => c));
    }
}
