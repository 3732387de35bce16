using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Losses;
using static OneBatch.Tests.Check.Diagnostics.ModelReadingCases;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class SoftmaxSingleUnitRuleTests
{
    [Fact]
    public void ASoftmaxOverOneUnitIsAlwaysOne()
    {
        var x = Inputs();
        var report = Run(Mlp(1, "softmax"), x, BinaryLabels(x), new BinaryCrossentropy());

        var d = Single(report, DiagnosisCodes.SoftmaxSingleUnit);
        Assert.Equal(1.0, Num(d, "outputMin"));
        Assert.Equal(1.0, Num(d, "outputMax"));
        Assert.Equal(16 - (int)BinaryLabels(x).ReadOnlySpan.ToArray().Sum(), d.Evidence["targetsNotOne"]);
        Assert.Contains("sigmoid", d.Message, StringComparison.Ordinal);
        NoConfidentlyWrongNote(report);
        SymptomsFolded(report, d, DiagnosisCodes.InputIgnored);
    }

    [Fact]
    public void UnderCategoricalCrossentropyItIsOneDiagnosisAndNeverMemorized()
    {
        var x = Inputs();
        var report = Run(Mlp(1, "softmax"), x, BinaryLabels(x), new CategoricalCrossentropy());

        Single(report, DiagnosisCodes.SoftmaxSingleUnit);
        Assert.DoesNotContain(report.Diagnoses, d => d.Code == DiagnosisCodes.LossOutputMismatch);
        Assert.True(report.Accuracy < 1f);
    }

    [Fact]
    public void UnderMseTooTheOutputCannotMove()
    {
        var x = Inputs();
        var report = Run(Mlp(1, "softmax"), x, BinaryLabels(x), new MeanSquaredError());

        Single(report, DiagnosisCodes.SoftmaxSingleUnit);
    }
}
