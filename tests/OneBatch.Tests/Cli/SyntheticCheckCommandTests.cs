using System.Text.Json;
using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary><c>onebatch check</c> without a batch: a synthetic one from the model's shapes, as the seed starts.</summary>
public sealed class SyntheticCheckCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public SyntheticCheckCommandTests()
    {
        _dir.Write("classification.json", SeedModelJson.Classification);
        _dir.Write("regression.json", SeedModelJson.Regression);
        _dir.Write("keras3.json", KerasSamples.Keras3);
    }

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("classification.json")]
    [InlineData("regression.json")]
    [InlineData("keras3.json")]
    public void AModelFileAloneIsCheckedOnASyntheticBatchAndMemorized(string model)
    {
        var (code, output, err) = Run("check", "--model", "@" + model, "--report", "@r.json");
        Assert.True(code == ExitCodes.Memorized, output + err);
        Assert.Contains("synthetic batch [32, ", output, StringComparison.Ordinal);
        Assert.Contains("note: The batch is synthetic, made from the model's shapes: 32 samples", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        Assert.True(report.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Equal(32, report.RootElement.GetProperty("batchSize").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("isolation").ValueKind);
    }

    [Fact]
    public void BatchSizeAndSeedShapeTheSyntheticBatch()
    {
        var (code, output, _) = Run("check", "--model", "@classification.json", "--batch-size", "8", "--seed", "3", "--report", "@r.json", "--quiet");
        Assert.Equal(ExitCodes.Memorized, code);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        Assert.Equal(8, report.RootElement.GetProperty("batchSize").GetInt32());
        Assert.Equal(3, report.RootElement.GetProperty("seed").GetInt32());
        Assert.StartsWith("MEMORIZED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenDataIsNotSynthetic()
    {
        var random = new RandomGenerator(0);
        NpyWriter.Write(_dir.File("x.npy"), random.Uniform(new Shape(8, 5)));
        NpyWriter.Write(_dir.File("y.npy"), random.Uniform(new Shape(8, 1)));
        var (code, _, _) = Run("check", "--model", "@regression.json", "--x", "@x.npy", "--y", "@y.npy", "--report", "@r.json", "--quiet");
        Assert.Equal(ExitCodes.Memorized, code);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        Assert.False(report.RootElement.GetProperty("synthetic").GetBoolean());
    }

    [Fact]
    public void InputsAloneForAnAutoencoderAreItsTargets()
    {
        _dir.Write("ae.json", SeedModelJson.Sequential([6], "mse", SeedModelJson.Dense("enc", 16, "relu"), SeedModelJson.Dense("dec", 6, "sigmoid")));
        NpyWriter.Write(_dir.File("x.npy"), new RandomGenerator(1).Uniform(new Shape(8, 6)));
        var (code, output, err) = Run("check", "--model", "@ae.json", "--x", "@x.npy", "--lr", "0.01", "--steps", "50", "--no-isolate");
        Assert.True(code is 0 or 1, err);
        Assert.Contains("as an autoencoder's does: the inputs in", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "-3")]
    public void ABadBatchSizeIsExitTwo(string option, string value)
    {
        var (code, output, err) = Run("check", "--model", "@classification.json", option, value);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--batch-size must be at least 1", err, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void TargetsWithoutInputsOrABatchSizeWithInputsAreExitTwo()
    {
        NpyWriter.Write(_dir.File("y.npy"), new Tensor(new Shape(4, 1)));
        NpyWriter.Write(_dir.File("x.npy"), new Tensor(new Shape(4, 5)));
        var (code, _, err) = Run("check", "--model", "@regression.json", "--y", "@y.npy");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--y was given without --x", err, StringComparison.Ordinal);

        (code, _, err) = Run("check", "--model", "@regression.json", "--x", "@x.npy", "--y", "@y.npy", "--batch-size", "4");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--batch-size sizes the synthetic batch", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelFileWithoutALossStillNeedsLoss()
    {
        _dir.Write("noloss.json", SeedModelJson.Sequential([4], null, SeedModelJson.Dense("d", 2, "sigmoid")));
        var (code, _, err) = Run("check", "--model", "@noloss.json");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("names no loss", err, StringComparison.Ordinal);
        (code, _, err) = Run("check", "--model", "@noloss.json", "--loss", "binary_crossentropy", "--lr", "0.01", "--quiet");
        Assert.True(code is 0 or 1, err);
    }
}
