using System.Text.Json;
using OneBatch.Cli;

namespace OneBatch.Tests.Cli;

/// <summary>The <c>onebatch</c> command-line contract: exit codes, output, the JSON report, and bad usage.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "onebatch-cli-tests-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RegressionDemoIsMemorized()
    {
        var (code, stdout, stderr) = Run("demo", "regression");
        Assert.Equal(ExitCodes.Memorized, code);
        Assert.Contains("MEMORIZED", stdout);
        Assert.DoesNotContain("NOT MEMORIZED", stdout);
        Assert.DoesNotContain("Exception", stdout + stderr);
    }

    [Fact]
    public void QuietPrintsOnlyTheVerdictLine()
    {
        var (code, stdout, stderr) = Run("demo", "classification", "--quiet");
        Assert.Equal(ExitCodes.Memorized, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("MEMORIZED", lines[0]);
        Assert.Contains("accuracy 100", lines[0]);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void TooFewStepsIsNotMemorized()
    {
        var (code, stdout, _) = Run("demo", "regression", "--steps", "5");
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.Contains("NOT MEMORIZED after 5 steps", stdout);
    }

    [Fact]
    public void TheRegressionReportHasTheDesignFields()
    {
        string path = Path.Combine(_folder, "regression.json");
        var (code, _, _) = Run("demo", "regression", "--report", path, "--seed", "3", "--quiet");
        Assert.Equal(ExitCodes.Memorized, code);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var r = json.RootElement;
        Assert.Equal("memorized", r.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Array, r.GetProperty("diagnoses").ValueKind);
        int steps = r.GetProperty("steps").GetInt32();
        Assert.InRange(steps, 1, 5000);
        float initial = r.GetProperty("initialLoss").GetSingle();
        float final = r.GetProperty("finalLoss").GetSingle();
        float target = r.GetProperty("targetLoss").GetSingle();
        Assert.True(final < target && target < initial, $"initial {initial}, final {final}, target {target}");
        Assert.Equal(JsonValueKind.Null, r.GetProperty("accuracy").ValueKind);
        Assert.True(r.GetProperty("microsecondsPerStep").GetDouble() > 0);
        Assert.True(r.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(3, r.GetProperty("seed").GetInt32());
        Assert.Equal("adam", r.GetProperty("optimizer").GetString());
        Assert.Equal(0.001, r.GetProperty("learningRate").GetDouble(), 1e-9);

        // [step, loss] for every step from 0 to the last, the first loss being the initial one.
        var curve = r.GetProperty("lossCurve").EnumerateArray().ToArray();
        Assert.Equal(steps + 1, curve.Length);
        for (int i = 0; i < curve.Length; i++)
        {
            Assert.Equal(2, curve[i].GetArrayLength());
            Assert.Equal(i, curve[i][0].GetInt32());
        }

        Assert.Equal(initial, curve[0][1].GetSingle());
        Assert.Equal(final, curve[^1][1].GetSingle());
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void TheClassificationReportHasAnAccuracyAndTheGivenOptimizer()
    {
        string path = Path.Combine(_folder, "classification.json");
        var (code, _, _) = Run("demo", "classification", "--report", path, "--optimizer", "rmsprop", "--lr", "0.002", "--steps", "30", "--no-early-stop", "--quiet");
        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var r = json.RootElement;
        Assert.Equal(JsonValueKind.Number, r.GetProperty("accuracy").ValueKind);
        Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Equal("rmsprop", r.GetProperty("optimizer").GetString());
        Assert.Equal(0.002, r.GetProperty("learningRate").GetDouble(), 1e-6);
        Assert.Equal(30, r.GetProperty("steps").GetInt32());
        Assert.Equal(31, r.GetProperty("lossCurve").GetArrayLength());
        Assert.Equal(code == ExitCodes.Memorized ? "memorized" : "not_memorized", r.GetProperty("verdict").GetString());
    }

    public static TheoryData<string[]> BadUsages() => new()
    {
        new[] { "demo", "mnist" },
        new[] { "demo", "regression", "--lr", "0" },
        new[] { "demo", "regression", "--lr", "-1" },
        new[] { "demo", "regression", "--lr", "abc" },
        new[] { "demo", "regression", "--steps", "0" },
        new[] { "demo", "regression", "--steps", "-3" },
        new[] { "demo", "regression", "--steps", "many" },
        new[] { "demo", "regression", "--optimizer", "adafactor" },
        new[] { "demo" },
        new[] { "train", "regression" },
        new[] { "demo", "regression", "--frobnicate" },
    };

    [Theory]
    [MemberData(nameof(BadUsages))]
    public void BadUsageExitsWith2AndOneLineOnStderr(string[] args)
    {
        string report = Path.Combine(_folder, "report.json");
        var (code, _, stderr) = Run([.. args, "--report", report]);
        AssertBadUsage(code, stderr);
        Assert.False(File.Exists(report), "a report was written for a bad command line");
    }

    [Fact]
    public void AReportIntoAMissingFolderIsBadUsage()
    {
        string missing = Path.Combine(_folder, "no", "such", "folder", "report.json");
        var (code, stdout, stderr) = Run("demo", "regression", "--report", missing);
        AssertBadUsage(code, stderr);
        Assert.Contains("--report", stderr);
        Assert.False(File.Exists(missing));
        Assert.DoesNotContain("MEMORIZED", stdout); // it fails before training
    }

    [Fact]
    public void TheBadArgumentIsNamed()
    {
        Assert.Contains("mnist", Run("demo", "mnist").Stderr);
        Assert.Contains("--lr", Run("demo", "regression", "--lr", "0").Stderr);
        Assert.Contains("--steps", Run("demo", "regression", "--steps", "0").Stderr);
        Assert.Contains("adafactor", Run("demo", "regression", "--optimizer", "adafactor").Stderr);
        Assert.Contains("'train'", Run("train", "regression").Stderr);
        Assert.Contains("--frobnicate", Run("demo", "regression", "--frobnicate").Stderr);
    }

    [Fact]
    public void NoArgumentsSaysWhatToRun()
    {
        var (code, _, stderr) = Run();
        AssertBadUsage(code, stderr);
        Assert.Contains("onebatch demo regression", stderr);
    }

    private static void AssertBadUsage(int code, string stderr)
    {
        Assert.Equal(ExitCodes.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{stderr}");
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args, stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
