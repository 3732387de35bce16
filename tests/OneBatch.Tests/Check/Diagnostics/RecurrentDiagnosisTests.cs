using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check.Diagnostics;

/// <summary>The diagnoses of recurrent models, each on a model broken the way users break them.</summary>
public sealed class RecurrentDiagnosisTests
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
    public void UnscaledInputsSaturateAnLstmsGates()
    {
        var random = new RandomGenerator(0);
        var x = random.Uniform(new Shape(32, 10, 4));
        TensorPrimitives.Multiply(x.ReadOnlySpan, 1000f, x.Span);
        var model = new Sequential([new LSTM(8, inputShape: [10, 4]), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, random.Uniform(new Shape(32, 1)), new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 400 });

        var d = Single(report, DiagnosisCodes.SaturatedGates);
        var share = (IReadOnlyDictionary<string, object>)d.Evidence["gateSaturation"]!;
        Assert.True(Convert.ToDouble(share["lstm"], System.Globalization.CultureInfo.InvariantCulture) > 0.9);
        Assert.Contains("standardize them", d.Message);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.VanishingGradientThroughTime);
    }

    [Fact]
    public void PostPaddingWithoutAMaskStarvesTheStartOfEachSequence()
    {
        // The real data is in the first 5 of 60 steps; the 55 steps after it are zeros the LSTM reads as data.
        var random = new RandomGenerator(0);
        var x = new Tensor(new Shape(32, 60, 3));
        var real = random.Uniform(new Shape(32, 5, 3));
        for (int n = 0; n < 32; n++)
        {
            real.ReadOnlySpan.Slice(n * 15, 15).CopyTo(x.Span.Slice(n * 180, 15));
        }

        var model = new Sequential([new LSTM(16, inputShape: [60, 3]), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, x, random.Uniform(new Shape(32, 1)), new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 300 });

        var d = Single(report, DiagnosisCodes.VanishingGradientThroughTime);
        var ratio = (IReadOnlyDictionary<string, object>)d.Evidence["firstToLastStepRatio"]!;
        Assert.True(Convert.ToDouble(ratio["lstm"], System.Globalization.CultureInfo.InvariantCulture) < 1e-3);
        Assert.Contains("mark padding as such", d.Message);
    }

    [Fact]
    public void GradientsThatExplodeThroughARecurrenceAreClippedAtTheirStartingSize()
    {
        var random = new RandomGenerator(0);
        var model = new Sequential([new SimpleRNN(16, recurrentInitializer: new Orthogonal(2f), inputShape: [30, 3]), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, random.Uniform(new Shape(32, 30, 3)), random.Uniform(new Shape(32, 1)), new MeanSquaredError(), new SGD(0.1f), new CheckOptions { MaxSteps = 200 });

        var d = Single(report, DiagnosisCodes.ExplodingGradient);
        Assert.True(Num(d, "growth") >= ExplodingGradientRule.Growth);
        double atStart = report.Evidence!.Layers.Where(l => l.GradientNorms is not null).Max(l => l.GradientNorms![0]);
        Assert.InRange(Num(d, "suggestedClipnorm"), atStart / 10, Num(d, "gradientNormPeak") / 10);
        Assert.Contains("clipnorm=", d.Message);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.SaturatedGates);
    }

    [Fact]
    public void TheTextDemoIsMemorizedWithoutADiagnosis()
    {
        var report = SingleBatchCheck.Run(SeedDemos.Text(), new Adam());
        Assert.True(report.Memorized, $"{report.Verdict} after {report.Steps}: {report.FinalLoss}");
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void AStatefulLayerIsCheckedAsStatelessAndTheReportSaysSo()
    {
        var random = new RandomGenerator(0);
        var model = new Sequential([new LSTM(8, stateful: true, dropout: 0.2f, inputShape: [5, 2]), new Dense(1)]);
        var report = SingleBatchCheck.Run(model, random.Uniform(new Shape(8, 5, 2)), random.Uniform(new Shape(8, 1)), new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3 });
        Assert.Contains(report.Notes, n => n.StartsWith("Stateful recurrent layers ('lstm') were checked as stateless", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("'lstm' (LSTM)", StringComparison.Ordinal) && n.Contains("act only in training", StringComparison.Ordinal));
    }
}
