using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Check.Diagnostics.ModelReadingCases;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class MultilabelTargetsWithSoftmaxRuleTests
{
    [Fact]
    public void MultiHotTargetsUnderASoftmaxAreDiagnosed()
    {
        var report = Run(Mlp(4, "softmax"), Inputs(), MultiHot(4), new CategoricalCrossentropy());

        var d = Single(report, DiagnosisCodes.MultilabelTargetsWithSoftmax);
        Assert.Equal(16, d.Evidence["rowsOverOne"]);
        Assert.Equal(2.0, Num(d, "largestRowSum"));
        // Each row's two labels at best share the probability: -2 ln(1/2).
        Assert.Equal(2 * Math.Log(2), Num(d, "predictedFloor"), 3);
        Assert.True(Num(d, "finalLoss") >= (2 * Math.Log(2)) - 1e-3);
        Assert.Equal("binary_crossentropy", d.Evidence["suggestedLoss"]);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.LossOutputMismatch);
        NoConfidentlyWrongNote(report);
    }

    [Fact]
    public void TheSameTargetsWithSigmoidAndBinaryCrossentropyMemorize()
    {
        var report = Run(Mlp(4, "sigmoid"), Inputs(), MultiHot(4), new BinaryCrossentropy(), steps: 2000);

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void ASoftmaxOverThreeUnitsWithOneHotTargetsMemorizesWithNoDiagnosis()
    {
        var report = Run(Mlp(3, "softmax"), Inputs(), OneHot(3), new CategoricalCrossentropy(), steps: 2000);

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
        Assert.Empty(DiagnosisRules.Diagnose(report.Evidence!));
    }

    [Fact]
    public void SparseLabelsWithASoftmaxMemorizeWithNoDiagnosisAndNoRangeAlarm()
    {
        var labels = Tensor.FromArray(Labels(3), Samples);
        var report = Run(Mlp(3, "softmax"), Inputs(), labels, new SparseCategoricalCrossentropy(), steps: 2000);

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
        Assert.Empty(DiagnosisRules.Diagnose(report.Evidence!));
    }
}
