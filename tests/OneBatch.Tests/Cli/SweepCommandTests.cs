using System.Text.Json;
using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;
using OneBatch.Utils;

namespace OneBatch.Tests.Cli;

public sealed class SweepCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ATinySweepOfTheRegressionDemoRanksItsRunsAndWritesTheReportAndPlot()
    {
        var (code, output, err) = Run("sweep", "demo", "regression", "--optimizers", "adam,sgd", "--lrs", "0.01,1e-6", "--steps", "300", "--report", "@s.json", "--plot", "@s.png");
        Assert.Equal(ExitCodes.Memorized, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("onebatch sweep: regression:", lines[0]);
        Assert.Contains("2 optimizers x 2 learning rates (1e-06 .. 0.01) = 4 runs", lines[0]);
        Assert.Contains("optimizer", lines[1]);

        // Adam at 0.01 memorizes; the rest do not, and 1e-6 is too low for both.
        Assert.Matches(@"^\s+1 adam\s+0\.01\s+memorized\s+\d+", lines[2]);
        Assert.Contains("lr_too_low", lines[3] + lines[4] + lines[5]);
        Assert.StartsWith("BEST: adam at learning rate 0.01: memorized in ", lines[6]);
        Assert.Contains("memorizes at:", output);
        Assert.Contains("  adam: 0.01", output);
        Assert.Contains("  sgd: no rate of the grid", output);
        Assert.Matches(@"lr_too_low: adam at 1e-06; sgd at 1e-06", output);

        // Without a terminal, a plain line per run on stderr.
        Assert.Equal(4, err.Split('\n').Count(l => l.StartsWith("  [", StringComparison.Ordinal)));

        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("s.json")));
        var root = report.RootElement;
        Assert.Equal("regression", root.GetProperty("name").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(4, runs.Length);
        var first = runs[0];
        Assert.Equal("adam", first.GetProperty("optimizer").GetString());
        Assert.Equal(0.01f, first.GetProperty("learningRate").GetSingle());
        Assert.Equal("memorized", first.GetProperty("verdict").GetString());
        Assert.True(first.GetProperty("memorizedAtStep").GetInt32() > 0);
        Assert.Equal(0.01f, first.GetProperty("optimizerConfig").GetProperty("learning_rate").GetSingle());
        Assert.True(first.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Number, first.GetProperty("finalLoss").ValueKind);
        Assert.Contains(runs.Skip(1), r => r.GetProperty("diagnoses").EnumerateArray().Any(d => d.GetString() == "lr_too_low"));
        Assert.Equal("adam", root.GetProperty("best").GetProperty("optimizer").GetString());
        var ranges = root.GetProperty("ranges").EnumerateArray().ToArray();
        Assert.Equal(0.01f, ranges[0].GetProperty("low").GetSingle());
        Assert.Equal(JsonValueKind.Null, ranges[1].GetProperty("low").ValueKind);

        byte[] png = File.ReadAllBytes(_dir.File("s.png"));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
    }

    [Fact]
    public void NoSettingMemorizingExitsOneAndQuietPrintsOnlyTheVerdict()
    {
        var (code, output, err) = Run("sweep", "demo", "regression", "--optimizers", "sgd", "--lrs", "1e-6", "--steps", "20", "--quiet");
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.StartsWith("NOT MEMORIZED by any setting", output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, err);
    }

    [Theory]
    [InlineData("--lrs", "1e-5:1", "--lrs: '1e-5:1' is neither LOW:HIGH:COUNT")]
    [InlineData("--lrs", "1:1e-5:7", "--lrs: the HIGH end of '1:1e-5:7'")]
    [InlineData("--lrs", "0.1,zero", "--lrs: every rate must be a positive number; got 'zero'.")]
    [InlineData("--lrs", "1e-5:1:0", "--lrs: the COUNT of '1e-5:1:0' must be a whole number")]
    [InlineData("--optimizers", "adam,adamm", "--optimizers: unknown optimizer 'adamm'")]
    [InlineData("--steps", "0", "--steps must be at least 1")]
    public void BadValuesExitTwoWithOneSentenceNamingTheOptionAndWriteNoReport(string option, string value, string expected)
    {
        var (code, output, err) = Run("sweep", "demo", "regression", option, value, "--report", "@bad.json");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"onebatch: {expected}", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(_dir.File("bad.json")));
    }

    [Fact]
    public void WithoutAModelOrADemoTheSweepSaysWhatItNeeds()
    {
        var (code, _, err) = Run("sweep");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("sweep needs a model", err);

        (code, _, err) = Run("sweep", "demo", "nope");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Unknown demo 'nope'", err);
    }

    [Fact]
    public void ItSweepsTheUsersModelFileWithTheSameInputOptionsAsCheck()
    {
        var random = new RandomGenerator(4);
        NpyWriter.Write(_dir.File("x.npy"), random.Uniform(new Shape(8, 4)));
        NpyWriter.Write(_dir.File("y.npy"), Categorical.ToCategorical(random.Integers(new Shape(8), 0, 3), 3));
        _dir.Write("m.json", KerasSamples.Keras3);
        var (code, output, err) = Run("sweep", "--model", "@m.json", "--x", "@x.npy", "--y", "@y.npy", "--loss", "categorical_crossentropy", "--optimizers", "adam", "--lrs", "0.01,0.1", "--steps", "200");
        Assert.True(code is 0 or 1, err);
        Assert.Contains("1 optimizers x 2 learning rates", output);

        // The input options are checked as check checks them.
        (code, _, err) = Run("sweep", "--model", "@m.json", "--y", "@y.npy");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--y was given without --x", err);
        (code, _, err) = Run("sweep", "--model", "@missing.json");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("missing.json", err);
    }
}
