using System.Text.Json;
using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;
using OneBatch.Utils;

namespace OneBatch.Tests.Cli;

/// <summary><c>onebatch check</c> isolating the cause of a failure, and <c>--no-isolate</c>.</summary>
public sealed class IsolationCheckCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public IsolationCheckCommandTests()
    {
        _dir.Write("m.json", SeedModelJson.Classification);
        var random = new RandomGenerator(0);
        NpyWriter.Write(_dir.File("x.npy"), random.Uniform(new Shape(32, 10)));
        NpyWriter.Write(_dir.File("y.npy"), Categorical.ToCategorical(random.Integers(new Shape(32), 0, 3), 3));
    }

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void AFailureWithTheUsersDataAndSettingsIsIsolatedInTheSummaryAndReport()
    {
        var (code, output, _) = Run("check", "--model", "@m.json", "--x", "@x.npy", "--y", "@y.npy", "--optimizer", "rmsprop", "--lr", "10", "--steps", "3000", "--report", "@r.json");
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.Contains("isolation (", output, StringComparison.Ordinal);
        Assert.Contains("suspect the optimizer. With the same batch, Adam at 0.001 memorizes in", output, StringComparison.Ordinal);
        Assert.Contains("    data: a synthetic batch of the same shapes: not memorized after", output, StringComparison.Ordinal);

        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        var root = report.RootElement;
        Assert.Equal("not_memorized", root.GetProperty("verdict").GetString());
        var variants = root.GetProperty("isolation").EnumerateArray().ToArray();
        Assert.Equal(["data", "optimizer"], variants.Select(v => v.GetProperty("component").GetString()));
        Assert.Equal(["not_memorized", "memorized"], variants.Select(v => v.GetProperty("verdict").GetString()));
        Assert.All(variants, v => Assert.True(v.GetProperty("steps").GetInt32() > 0));
        Assert.True(variants[1].GetProperty("finalLoss").GetSingle() < 0.01f);
        Assert.Equal("optimizer", root.GetProperty("isolationSuspect").GetString());
        Assert.True(root.GetProperty("isolationSeconds").GetDouble() > 0);
        Assert.False(root.GetProperty("synthetic").GetBoolean());
    }

    [Fact]
    public void NoIsolateTurnsItOff()
    {
        var (code, output, err) = Run("check", "--model", "@m.json", "--x", "@x.npy", "--y", "@y.npy", "--optimizer", "rmsprop", "--lr", "10", "--steps", "600", "--no-isolate", "--report", "@r.json");
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.DoesNotContain("isolation", output, StringComparison.Ordinal);
        Assert.DoesNotContain("isolating", err, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("isolation").ValueKind);
    }

    [Fact]
    public void AHealthyRunIsNotIsolated()
    {
        var (code, output, err) = Run("check", "--model", "@m.json", "--x", "@x.npy", "--y", "@y.npy", "--lr", "0.01");
        Assert.Equal(ExitCodes.Memorized, code);
        Assert.DoesNotContain("isolat", output + err, StringComparison.Ordinal);
    }

    [Fact]
    public void ASyntheticRunWithDefaultSettingsHasNothingToIsolate()
    {
        // Nothing the user chose differs from the known-good components, so a failure names no isolation.
        var (code, output, err) = Run("check", "--model", "@m.json", "--steps", "5");
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.DoesNotContain("isolat", output + err, StringComparison.Ordinal);
    }
}
