using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Check.Diagnostics.ModelReadingCases;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class ConstantInputsRuleTests
{
    [Fact]
    public void InputsZeroedByIntegerDivisionAreNotBlamedOnTheLabels()
    {
        // Pixel values 0..255 divided as integers by 255: every input becomes 0.
        var x = new Tensor(new Shape(Samples, Features));
        var report = Run(Mlp(3, "softmax"), x, OneHot(3), new CategoricalCrossentropy());

        var d = Single(report, DiagnosisCodes.ConstantInputs);
        Assert.Equal(Samples, d.Evidence["samples"]);
        Assert.Equal(Features, d.Evidence["features"]);
        Assert.Equal(0.0, Num(d, "singleValue"));
        Assert.Equal(Math.Log(3), Num(d, "lossFloor"), 2);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.ContradictoryLabels);
        Assert.Contains("labels are not the problem", d.Message, StringComparison.Ordinal);
        SymptomsFolded(report, d, DiagnosisCodes.InputIgnored, DiagnosisCodes.DeadGradient);
    }

    [Fact]
    public void OneRowCopiedIntoEverySampleOfARegressionIsFound()
    {
        var row = Inputs().ReadOnlySpan[..Features].ToArray();
        var x = Tensor.FromArray(Enumerable.Range(0, Samples).SelectMany(_ => row).ToArray(), Samples, Features);
        var y = Tensor.FromArray(Enumerable.Range(0, Samples).Select(i => (float)i / Samples).ToArray(), Samples, 1);
        var report = Run(Mlp(1, null), x, y, new MeanSquaredError());

        var d = Single(report, DiagnosisCodes.ConstantInputs);
        Assert.Null(d.Evidence["singleValue"]);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.ContradictoryLabels);
    }

    [Fact]
    public void AFewDuplicatedRowsAreStillContradictoryLabels()
    {
        var x = Inputs();
        var copy = x.ReadOnlySpan.ToArray();
        Array.Copy(copy, 0, copy, Features, Features);
        var report = Run(Mlp(2, "softmax"), Tensor.FromArray(copy, Samples, Features), OneHot(2), new CategoricalCrossentropy());

        Single(report, DiagnosisCodes.ContradictoryLabels);
        Assert.DoesNotContain(report.Diagnoses, d => d.Code == DiagnosisCodes.ConstantInputs);
    }
}
