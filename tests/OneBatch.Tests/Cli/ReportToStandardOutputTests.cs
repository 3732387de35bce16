using System.Text.Json;
using OneBatch.Cli;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary><c>--report -</c>: the JSON report alone on standard output (so <c>onebatch ... --report - | jq</c> works), everything else on standard error.</summary>
public sealed class ReportToStandardOutputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public ReportToStandardOutputTests()
    {
        SampleBatchFiles.Write(_dir);
        _dir.Write("keras3.json", KerasSamples.Keras3);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ADemoWritesTheReportAloneToStandardOutputAndTheSummaryToStandardError()
    {
        var (code, stdout, stderr) = Run("demo", "regression", "--report", "-");

        Assert.Equal(ExitCodes.Memorized, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("memorized", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("seed").GetInt32());
        Assert.StartsWith("{", stdout, StringComparison.Ordinal);
        Assert.EndsWith("}", stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("onebatch: regression:", stderr);
        Assert.Contains("\nMEMORIZED in ", stderr);
        Assert.False(File.Exists("-"));
    }

    [Fact]
    public void AFailedCheckStillWritesTheReportToStandardOutputAndTheDiagnosesToStandardError()
    {
        var (code, stdout, stderr) = Run("check", "--model", "@keras3.json", "--x", "@x.npy", "--y", "@y.npy", "--steps", "3", "--no-isolate", "--report", "-");

        Assert.Equal(ExitCodes.NotMemorized, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("not_memorized", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("steps").GetInt32());
        Assert.Contains("NOT MEMORIZED after 3 steps", stderr);
        Assert.DoesNotContain("MEMORIZED", stdout);
    }

    [Fact]
    public void QuietSendsTheVerdictLineToStandardError()
    {
        var (code, stdout, stderr) = Run("demo", "classification", "-q", "--report", "-");

        Assert.Equal(ExitCodes.Memorized, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(1.0, json.RootElement.GetProperty("accuracy").GetDouble());
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("MEMORIZED in ", line);
    }

    [Fact]
    public void ThePlotCannotGoToStandardOutput()
    {
        var (code, stdout, stderr) = Run("demo", "regression", "--plot", "-");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("onebatch: --plot: a PNG cannot go to standard output ('-'); give a file name.", line);
    }

    [Fact]
    public void BadInputWritesNothingToStandardOutput()
    {
        var (code, stdout, stderr) = Run("check", "--model", "@missing.json", "--report", "-");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
