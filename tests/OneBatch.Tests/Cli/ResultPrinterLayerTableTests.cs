using OneBatch.Check;
using OneBatch.Cli;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Cli;

public sealed class ResultPrinterLayerTableTests
{
    [Fact]
    public void AFailedDemoPrintsTheLayerTableAndEachDiagnosisWithItsEvidence()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = OneBatchCli.Run(["demo", "regression", "--lr", "1e-7", "--steps", "200"], stdout, stderr, interactive: false);

        string text = stdout.ToString();
        Assert.Equal(1, code);
        Assert.Contains("grad start", text, StringComparison.Ordinal);
        Assert.Contains("dense_1", text, StringComparison.Ordinal);
        Assert.Contains("lr_too_low:", text, StringComparison.Ordinal);
        Assert.Contains("suggestedLearningRate:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Collections", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelOfManyLayersShowsThoseThatTrainOrShowAFindingAndSaysSo()
    {
        var demo = SeedDemos.Regression();
        var layers = new List<Layer> { new Dense(4, inputShape: [5]) };
        for (int i = 0; i < 40; i++)
        {
            layers.Add(new Dropout(0.1f));
        }

        layers.Add(new Dense(1));
        var report = SingleBatchCheck.Run(new Sequential(layers), demo.X, demo.Y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3 });
        var stdout = new StringWriter();
        ResultPrinter.Print(report, stdout, quiet: false);
        string text = stdout.ToString();
        Assert.Contains("(40 of 42 layers without trainable weights or findings are not shown", text, StringComparison.Ordinal);
        Assert.Contains("dense_1", text, StringComparison.Ordinal);

        // Every layer frozen: nothing to show but the count.
        var frozen = new Sequential(Enumerable.Range(0, 42).Select(i => (Layer)new Dense(5, inputShape: i == 0 ? [5] : null) { Trainable = false }));
        report = SingleBatchCheck.Run(frozen, demo.X, demo.X, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3 });
        stdout = new StringWriter();
        ResultPrinter.Print(report, stdout, quiet: false);
        Assert.Contains("(42 of 42 layers", stdout.ToString(), StringComparison.Ordinal);
    }
}
