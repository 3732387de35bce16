using System.Text.Json;
using OneBatch.Cli;
using OneBatch.Tensors;

namespace OneBatch.Tests.Cli;

/// <summary><c>onebatch lr-find demo NAME</c>: the suggestions printed, the JSON report, the plot, and bad usage.</summary>
public sealed class LrFindCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "onebatch-lrfind-tests-" + Guid.NewGuid().ToString("N"));

    public LrFindCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheSuggestionsArePrintedWithTheRecommendedOneMarked()
    {
        var (code, stdout, stderr) = Run("lr-find", "demo", "regression");
        Assert.Equal(ExitCodes.Memorized, code);
        Assert.Contains("RECOMMENDED learning rate", stdout);
        Assert.Contains("(valley)", stdout);
        Assert.Contains("<- recommended", stdout.Split('\n').Single(l => l.TrimStart().StartsWith("valley", StringComparison.Ordinal)));
        Assert.Contains("steepest", stdout);
        Assert.Contains("minimum/10", stdout);
        Assert.Contains("100 of 100 steps run; stopped (completed)", stdout);
        Assert.Contains("onebatch demo regression --optimizer adam --lr ", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void QuietPrintsOnlyTheRecommendation()
    {
        var (code, stdout, _) = Run("lr-find", "demo", "regression", "--quiet", "--num-steps", "30");
        Assert.Equal(ExitCodes.Memorized, code);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("RECOMMENDED learning rate ", line);
    }

    [Fact]
    public void TheReportHasTheCurveTheSuggestionsAndWhyItStopped()
    {
        string path = Path.Combine(_folder, "lr.json");
        var (code, _, _) = Run("lr-find", "demo", "classification", "--optimizer", "sgd", "--start-lr", "1e-5", "--end-lr", "1e4", "--num-steps", "40", "--seed", "2", "--report", path, "--quiet");
        Assert.Equal(ExitCodes.Memorized, code);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var r = json.RootElement;
        Assert.Equal("lr-find", r.GetProperty("command").GetString());
        Assert.Equal("sgd", r.GetProperty("optimizer").GetString());
        Assert.Equal(2, r.GetProperty("seed").GetInt32());
        Assert.Equal(1e-5, r.GetProperty("startLearningRate").GetDouble(), 1e-10);
        Assert.Equal(1e4, r.GetProperty("endLearningRate").GetDouble(), 1e-2);
        Assert.Equal(40, r.GetProperty("numSteps").GetInt32());
        int steps = r.GetProperty("steps").GetInt32();
        Assert.InRange(steps, 2, 40);
        Assert.Contains(r.GetProperty("stopReason").GetString(), new[] { "completed", "diverged", "non_finite" });
        Assert.False(string.IsNullOrEmpty(r.GetProperty("stopMessage").GetString()));
        Assert.Equal(steps, r.GetProperty("learningRates").GetArrayLength());
        Assert.Equal(steps, r.GetProperty("losses").GetArrayLength());
        Assert.Equal(steps, r.GetProperty("smoothedLosses").GetArrayLength());
        Assert.Equal(1e-5, r.GetProperty("learningRates")[0].GetDouble(), 1e-10);

        var suggestions = r.GetProperty("suggestions").EnumerateArray().ToArray();
        Assert.Equal(["valley", "steepest", "minimum/10"], suggestions.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("valley", r.GetProperty("recommended").GetString());
        Assert.Equal(suggestions[0].GetProperty("learningRate").GetDouble(), r.GetProperty("recommendedLearningRate").GetDouble());
        Assert.All(suggestions, s => Assert.InRange(s.GetProperty("step").GetInt32(), 0, steps - 1));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void ThePlotIsAPng()
    {
        string path = Path.Combine(_folder, "lr.png");
        var (code, _, _) = Run("lr-find", "demo", "regression", "--num-steps", "30", "--plot", path, "--quiet");
        Assert.Equal(ExitCodes.Memorized, code);
        byte[] png = File.ReadAllBytes(path);
        Assert.True(png.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void ALossNotFiniteFromTheStartGivesNoSuggestionAndExit1()
    {
        string path = Path.Combine(_folder, "lr.json");
        var (code, stdout, _) = Run("lr-find", "demo", "regression", "--optimizer", "sgd", "--start-lr", "1e20", "--end-lr", "1e30", "--num-steps", "10", "--report", path);
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.Contains("NO LEARNING RATE SUGGESTED", stdout);
        Assert.Contains("non_finite", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("recommended").ValueKind);
        Assert.Equal("non_finite", json.RootElement.GetProperty("stopReason").GetString());
    }

    public static TheoryData<string[], string> BadUsages() => new()
    {
        { ["lr-find", "demo", "mnist"], "mnist" },
        { ["lr-find", "demo", "regression", "--start-lr", "0"], "--start-lr" },
        { ["lr-find", "demo", "regression", "--start-lr", "-1e-3"], "--start-lr" },
        { ["lr-find", "demo", "regression", "--start-lr", "abc"], "--start-lr" },
        { ["lr-find", "demo", "regression", "--end-lr", "1e-8"], "--end-lr" },
        { ["lr-find", "demo", "regression", "--start-lr", "0.1", "--end-lr", "0.1"], "--end-lr" },
        { ["lr-find", "demo", "regression", "--end-lr", "inf"], "--end-lr" },
        { ["lr-find", "demo", "regression", "--num-steps", "5"], "--num-steps" },
        { ["lr-find", "demo", "regression", "--num-steps", "many"], "--num-steps" },
        { ["lr-find", "demo", "regression", "--optimizer", "adafactor"], "adafactor" },
        { ["lr-find", "demo", "regression", "--lr", "0.01"], "--lr" },
        { ["lr-find", "demo", "regression", "--steps", "10"], "--steps" },
        { ["lr-find", "demo"], "demo" },
    };

    [Theory]
    [MemberData(nameof(BadUsages))]
    public void BadUsageExitsWith2AndOneLineNamingTheArgument(string[] args, string named)
    {
        string report = Path.Combine(_folder, "lr.json");
        string plot = Path.Combine(_folder, "lr.png");
        var (code, stdout, stderr) = Run([.. args, "--report", report, "--plot", plot]);
        Assert.Equal(ExitCodes.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{stderr}");
        Assert.Contains(named, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain("RECOMMENDED", stdout);
        Assert.False(File.Exists(report));
        Assert.False(File.Exists(plot));
    }

    [Fact]
    public void LrFindWithoutACaseSaysHowToGiveOne()
    {
        var (code, _, stderr) = Run("lr-find");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(
            "onebatch: lr-find needs a model and its batch: give --model (with --x and --y, or none for a synthetic batch), or a demo, as in 'onebatch lr-find demo regression'.",
            stderr.Trim());
    }

    [Fact]
    public void LrFindRunsOnTheUsersModelFileWithCheckInputOptions()
    {
        var random = new RandomGenerator(4);
        string x = Path.Combine(_folder, "x.npy"), y = Path.Combine(_folder, "y.npy"), model = Path.Combine(_folder, "m.json");
        OneBatch.IO.Data.NpyWriter.Write(x, random.Uniform(new Shape(8, 4)));
        OneBatch.IO.Data.NpyWriter.Write(y, OneBatch.Utils.Categorical.ToCategorical(random.Integers(new Shape(8), 0, 3), 3));
        File.WriteAllText(model, OneBatch.Tests.IO.KerasSamples.Keras3);
        var (code, stdout, stderr) = Run("lr-find", "--model", model, "--x", x, "--y", y, "--loss", "categorical_crossentropy", "--num-steps", "30");
        Assert.Equal(ExitCodes.Memorized, code);
        Assert.Contains("RECOMMENDED learning rate", stdout);
        Assert.Contains($"train at it: onebatch check --model {model} --x {x} --y {y} --optimizer adam --lr ", stdout);

        (code, _, stderr) = Run("lr-find", "--model", model, "--y", y);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--y was given without --x", stderr);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args, stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("/tmp/run-1/m.json")]
    [InlineData("/tmp/my models/m.json")]
    [InlineData("/tmp/it's here/$HOME;`x`.json")]
    public void TheSuggestedCheckCommandGivesEachPathAsOneShellWord(string path)
    {
        // Before: paths went in unquoted, so a path with a space gave a command that did not run as printed.
        string word = LrFindCommand.ShellWord(path);
        Assert.Equal(path.All(c => c is not (' ' or '\'' or '$' or ';' or '`')), word == path);
        using var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"printf %s {word}"]) { RedirectStandardOutput = true })!;
        string read = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(path, read);
    }
}
