using OneBatch.Cli;

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
}
