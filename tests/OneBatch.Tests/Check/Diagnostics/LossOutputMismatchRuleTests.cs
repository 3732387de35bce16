using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Initializers;
using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Check.Diagnostics.ModelReadingCases;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class LossOutputMismatchRuleTests
{
    [Fact]
    public void CategoricalCrossentropyOnOneSigmoidUnitIsNotMemorized()
    {
        var x = Inputs();
        var y = BinaryLabels(x);
        var report = Run(Mlp(1, "sigmoid"), x, y, new CategoricalCrossentropy());

        var d = Single(report, DiagnosisCodes.LossOutputMismatch);
        Assert.Equal("binary_crossentropy", d.Evidence["suggestedLoss"]);
        Assert.Equal(1, d.Evidence["units"]);
        Assert.Equal("sigmoid", d.Evidence["outputActivation"]);
        Assert.True(report.FinalLoss < 1e-5f, $"the loss of one renormalized unit is ~0; got {report.FinalLoss}");
        Assert.Equal(report.Accuracy!.Value, Num(d, "binaryAccuracy"), 3);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.SoftmaxSingleUnit);
        SymptomsFolded(report, d);
    }

    [Fact]
    public void ARunRightOnUnderHalfTheSamplesIsNeverMemorizedThoughTheLossIsZero()
    {
        // The sigmoid starts at 0.99 on every sample (class 1), and 10 of 16 labels are 0: right on 6 of 16.
        var x = Inputs();
        var y = Tensor.FromArray(Enumerable.Range(0, Samples).Select(i => i < 10 ? 0f : 1f).ToArray(), Samples, 1);
        var report = Run(Mlp(1, "sigmoid", new Constant(0f), new Constant(5f)), x, y, new CategoricalCrossentropy());

        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        Assert.Null(report.MemorizedAtStep);
        Assert.Equal(6f / 16f, report.Accuracy!.Value, 3);
        Assert.True(report.FinalLoss < report.TargetLoss, "the loss alone would have called this memorized");
        var d = Single(report, DiagnosisCodes.LossOutputMismatch);
        Assert.Equal(0.375, Num(d, "binaryAccuracy"), 3);
    }

    [Fact]
    public void AMismatchKnownBeforeTrainingStopsOnceConfirmedInsteadOfRunningEveryStep()
    {
        var x = Inputs();
        var report = Run(Mlp(1, "sigmoid"), x, BinaryLabels(x), new CategoricalCrossentropy(), steps: 5000);

        Assert.Equal(300, report.Steps);
        Single(report, DiagnosisCodes.LossOutputMismatch);

        // Without early stopping every step runs, as asked.
        var full = SingleBatchCheck.Run(Mlp(1, "sigmoid"), x, BinaryLabels(x), new CategoricalCrossentropy(), new OneBatch.Optimizers.Adam(0.01f),
            new CheckOptions { MaxSteps = 400, EarlyStop = false });
        Assert.Equal(400, full.Steps);
    }

    [Fact]
    public void CategoricalCrossentropyFromLogitsOnOneLinearUnitIsAMismatch()
    {
        var x = Inputs();
        var report = Run(Mlp(1, null), x, BinaryLabels(x), new CategoricalCrossentropy(fromLogits: true));

        var d = Single(report, DiagnosisCodes.LossOutputMismatch);
        Assert.Equal("linear", d.Evidence["outputActivation"]);
        Assert.True(report.Accuracy < 1f);
    }

    [Fact]
    public void SparseLabelsOnOneUnitAreRefusedAsBadInput()
    {
        // Sparse categorical cross-entropy over one unit accepts only label 0: labels 0/1 are refused before any run.
        var y = BinaryLabels(Inputs());
        string? problem = new SparseCategoricalCrossentropy().CheckTargets(new Shape(1), y, "The targets");
        Assert.NotNull(problem);
        Assert.Contains("not a class index in [0, 1)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryCrossentropyOnASoftmaxWithMultiHotTargetsIsAMismatch()
    {
        var report = Run(Mlp(4, "softmax"), Inputs(), MultiHot(4), new BinaryCrossentropy());

        var d = Single(report, DiagnosisCodes.LossOutputMismatch);
        Assert.Equal(16, d.Evidence["rowsNotSummingToOne"]);
        Assert.Equal(2.0, Num(d, "rowSumMax"));
        Assert.Equal("sigmoid", d.Evidence["suggestedActivation"]);
        NoConfidentlyWrongNote(report);
    }

    [Fact]
    public void AOneUnitSigmoidWithBinaryCrossentropyMemorizesWithNoDiagnosis()
    {
        var x = Inputs();
        var report = Run(Mlp(1, "sigmoid"), x, BinaryLabels(x), new BinaryCrossentropy(), steps: 2000);

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
        NoConfidentlyWrongNote(report);
    }

    [Fact]
    public void BinaryCrossentropyOnASoftmaxWithOneHotTargetsIsNoMismatch()
    {
        var report = Run(Mlp(3, "softmax"), Inputs(), OneHot(3), new BinaryCrossentropy(), steps: 2000);

        Assert.True(report.Memorized);
        Assert.Empty(DiagnosisRules.Diagnose(report.Evidence!));
    }
}
