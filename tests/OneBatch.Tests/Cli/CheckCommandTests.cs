using System.Text.Json;
using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

public sealed class CheckCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public CheckCommandTests()
    {
        var labels = SampleBatchFiles.Write(_dir);
        _dir.Write("labels.npy", NpyBytes.Create("<i8", [8], NpyBytes.Int64(labels.ToArray().Select(v => (long)v).ToArray())));
        _dir.Write("keras3.json", KerasSamples.Keras3);
        _dir.Write("tfkeras2.json", KerasSamples.TfKeras2);
    }

    public void Dispose() => _dir.Dispose();

    private static Sequential CSharpModel(int seed) => new(
    [
        new Dense(16, activation: "relu", inputShape: [4]),
        new Dropout(0.2f),
        new Dense(8),
        new Activation("tanh"),
        new Dense(3, activation: "softmax"),
    ], seed);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ChecksAKerasModelAndWritesReportAndPlot()
    {
        var (code, output, _) = Run("check", "--model", "@keras3.json", "--x", "@x.npy", "--y", "@y.npy", "--lr", "0.01", "--report", "@r.json", "--plot", "@p.png");
        Assert.Equal(ExitCodes.Memorized, code);
        Assert.Contains("MEMORIZED", output);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        Assert.Equal("memorized", report.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("categorical_crossentropy", report.RootElement.GetProperty("loss").GetString());
        byte[] png = File.ReadAllBytes(_dir.File("p.png"));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        Assert.True(png.Length > 10_000);
    }

    [Theory]
    [InlineData(nameof(KerasSamples.TfKeras2))]
    [InlineData(nameof(KerasSamples.Keras3))]
    [InlineData(nameof(KerasSamples.TfjsConverted))]
    [InlineData(nameof(KerasSamples.TfjsToJson))]
    [InlineData(nameof(KerasSamples.TfjsCamelCase))]
    public void AnImportedModelLearnsExactlyLikeTheSameModelBuiltInCSharp(string sample)
    {
        string json = (string)typeof(KerasSamples).GetField(sample)!.GetValue(null)!;
        _dir.Write("m.json", json);
        NpzWriter.Write(_dir.File("w.npz"), CSharpModel(seed: 11).Weights.Select(w => w.Value));

        var (code, _, err) = Run("check", "--model", "@m.json", "--x", "@x.npy", "--y", "@y.npy", "--weights", "@w.npz",
            "--loss", "categorical_crossentropy", "--seed", "3", "--steps", "25", "--no-early-stop", "--report", "@r.json", "--quiet");
        Assert.True(code is 0 or 1, err);

        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        var fromCli = report.RootElement.GetProperty("lossCurve").EnumerateArray()
            .Select(p => (p[0].GetInt32(), p[1].GetSingle())).ToArray();

        var x = NpyReader.Read(_dir.File("x.npy")).Values;
        var y = NpyReader.Read(_dir.File("y.npy")).Values;
        var model = CSharpModel(seed: 11);
        var expected = SingleBatchCheck.Run(model, x, y, "categorical_crossentropy", new Adam(), new CheckOptions { MaxSteps = 25, EarlyStop = false }).LossCurve;
        Assert.Equal(26, fromCli.Length);
        Assert.Equal(expected, fromCli);
    }

    [Fact]
    public void WithoutWeightsTheSeedDrawsTheInitialWeights()
    {
        foreach (string seed in new[] { "1", "2" })
        {
            Run("check", "--model", "@keras3.json", "--x", "@x.npy", "--y", "@y.npy", "--steps", "3", "--no-early-stop", "--seed", seed, "--report", $"@r{seed}.json", "-q");
        }

        string Curve(string file) => JsonDocument.Parse(File.ReadAllText(_dir.File(file))).RootElement.GetProperty("lossCurve").GetRawText();
        Assert.NotEqual(Curve("r1.json"), Curve("r2.json"));
    }

    [Fact]
    public void TheLossComesFromTheModelFileWhenNotGiven()
    {
        var (code, output, _) = Run("check", "--model", "@keras3.json", "--x", "@x.npy", "--y", "@y.npy", "--steps", "2");
        Assert.True(code is 0 or 1);
        Assert.Contains("loss categorical_crossentropy", output);
    }

    [Fact]
    public void IntegerLabelsWorkWithTheSparseLoss()
    {
        var (code, output, err) = Run("check", "--model", "@keras3.json", "--x", "@x.npy", "--y", "@labels.npy", "--loss", "sparse_categorical_crossentropy", "--steps", "2");
        Assert.True(code is 0 or 1, err);
        Assert.Contains("loss sparse_categorical_crossentropy", output);
    }

    [Fact]
    public void ANpzOrACsvAloneHoldsTheWholeBatch()
    {
        var x = NpyReader.Read(_dir.File("x.npy")).Values;
        NpzWriter.Write(_dir.File("d.npz"), [("x", x), ("y", NpyReader.Read(_dir.File("labels.npy")).Values)]);
        var (code, _, err) = Run("check", "--model", "@keras3.json", "--x", "@d.npz", "--loss", "sparse_categorical_crossentropy", "--steps", "2");
        Assert.True(code is 0 or 1, err);

        var rows = Enumerable.Range(0, 8).Select(r => string.Join(",", Enumerable.Range(0, 4).Select(c => x[r, c].ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "," + (r % 3));
        _dir.Write("d.csv", "a,b,c,d,label\n" + string.Join("\n", rows));
        (code, _, err) = Run("check", "--model", "@keras3.json", "--x", "@d.csv", "--loss", "sparse_categorical_crossentropy", "--steps", "2");
        Assert.True(code is 0 or 1, err);
    }

    [Fact]
    public void AnInitializerOneBatchLacksNeedsTheInitialWeights()
    {
        _dir.Write("identity.json", KerasSamples.TfKeras2.Replace("\"GlorotUniform\"", "\"Identity\"", StringComparison.Ordinal));
        var (code, _, err) = Run("check", "--model", "@identity.json", "--x", "@x.npy", "--y", "@y.npy", "--loss", "categorical_crossentropy", "--steps", "2");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("uses the kernel_initializer 'Identity', which OneBatch does not have, so it cannot draw the initial weights: give them", err);

        NpzWriter.Write(_dir.File("w.npz"), CSharpModel(seed: 1).Weights.Select(w => w.Value));
        (code, _, err) = Run("check", "--model", "@identity.json", "--x", "@x.npy", "--y", "@y.npy", "--loss", "categorical_crossentropy", "--steps", "2", "--weights", "@w.npz");
        Assert.True(code is 0 or 1, err);
    }

    [Fact]
    public void FromLogitsReachesTheLoss()
    {
        var (_, output, _) = Run("check", "--model", "@tfkeras2.json", "--x", "@x.npy", "--y", "@y.npy", "--loss", "categorical_crossentropy", "--from-logits", "--steps", "1", "--report", "@r.json");
        Assert.Contains("loss categorical_crossentropy", output);
        var withLogits = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json"))).RootElement.GetProperty("initialLoss").GetSingle();
        Run("check", "--model", "@tfkeras2.json", "--x", "@x.npy", "--y", "@y.npy", "--loss", "categorical_crossentropy", "--steps", "1", "--report", "@r.json");
        var withProbabilities = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json"))).RootElement.GetProperty("initialLoss").GetSingle();
        Assert.NotEqual(withProbabilities, withLogits);
    }

    [Fact]
    public void DemoDrawsAPlotToo()
    {
        var (code, _, _) = Run("demo", "regression", "--steps", "5", "--plot", "@demo.png", "-q");
        Assert.Equal(ExitCodes.NotMemorized, code);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(_dir.File("demo.png"))[..4]);
    }

    public static TheoryData<string, string[], string> BadInputs => new()
    {
        { "missing model", ["--model", "@nope.json"], "--model: the file '" },
        { "missing x", ["--x", "@nope.npy"], "--x: the file '" },
        { "missing weights", ["--weights", "@nope.npz"], "--weights: the file '" },
        { "truncated npy", ["--x", "@truncated.npy"], "is truncated" },
        { "corrupt npy", ["--x", "@corrupt.npy"], "is not a .npy file" },
        { "unsupported dtype", ["--x", "@complex.npy"], "dtype '<c8'" },
        { "NaN in x", ["--x", "@nan.npy"], "contain NaN" },
        { "Inf in y", ["--y", "@inf.npy"], "contain an infinite value" },
        { "batch sizes differ", ["--y", "@y5.npy"], "the batch sizes differ" },
        { "empty batch", ["--x", "@empty.npy", "--y", "@empty_y.npy"], "empty batch" },
        { "x does not fit the model", ["--x", "@x5.npy"], "holds samples of shape [5] but the model in" },
        { "y does not fit the output", ["--y", "@y2.npy"], "does not fit the model's output of per-sample shape [3]" },
        { "labels with categorical", ["--y", "@labels.npy"], "use the loss sparse_categorical_crossentropy" },
        { "one-hot with sparse", ["--loss", "sparse_categorical_crossentropy"], "they go with the loss categorical_crossentropy" },
        { "unknown loss", ["--loss", "cosine_similarity"], "--loss: unknown loss 'cosine_similarity'" },
        { "unknown optimizer", ["--optimizer", "adafactor"], "--optimizer: unknown optimizer 'adafactor'" },
        { "not a model", ["--model", "@notmodel.json"], "is not a Keras model" },
        { "not json", ["--model", "@broken.json"], "is not valid JSON" },
        { "no loss anywhere", ["--model", "@tfkeras2.json"], "names no loss" },
        { "unsupported layer", ["--model", "@convlstm.json"], "(ConvLSTM2D) is a Keras layer OneBatch does not read yet" },
        { "unsupported conv option", ["--model", "@conv.json"], "(Conv2D) sets groups = " },
        { "weights do not fit", ["--weights", "@badweights.npz"], "--weights: '" },
        { "plot folder missing", ["--plot", "@nofolder/p.png"], "--plot: the folder" },
        { "plot path is a folder", ["--plot", "@afolder.png"], "is a folder" },
        { "plot not writable (the report must not be left behind)", ["--plot", "/proc/onebatch-plot.png"], "--plot: cannot write '/proc/onebatch-plot.png'" },
        { "model name of the wrong kind", ["--model", "@numbername.json"], "does not have the form of a Keras model" },
        { "csv target column with npy", ["--target-column", "label"], "target column" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneSentenceExitTwoAndNoFile(string name, string[] overrides, string expected)
    {
        WriteBadFiles();
        var args = new Dictionary<string, string?>
        {
            ["--model"] = "@keras3.json", ["--x"] = "@x.npy", ["--y"] = "@y.npy",
            ["--report"] = "@out.json", ["--plot"] = "@out.png",
        };
        string? flag = null;
        for (int i = 0; i < overrides.Length; i += 2)
        {
            args[overrides[i]] = overrides[i + 1];
            flag ??= overrides[i];
        }

        string[] before = _dir.Files();
        var (code, output, err) = Run(["check", .. args.SelectMany(kv => new[] { kv.Key, kv.Value! }), "--steps", "3"]);

        Assert.True(code == ExitCodes.BadInput, $"{name}: exit {code}; stdout {output}; stderr {err}");
        string line = Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("onebatch: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal(before, _dir.Files());
    }

    private void WriteBadFiles()
    {
        var x = NpyReader.Read(_dir.File("x.npy")).Values;
        _dir.Write("truncated.npy", File.ReadAllBytes(_dir.File("x.npy"))[..100]);
        _dir.Write("corrupt.npy", "this is not numpy"u8.ToArray());
        _dir.Write("complex.npy", NpyBytes.Create("<c8", [8, 4], new byte[8 * 4 * 8]));
        var nan = x.Clone();
        nan.Span[7] = float.NaN;
        NpyWriter.Write(_dir.File("nan.npy"), nan);
        var inf = NpyReader.Read(_dir.File("y.npy")).Values.Clone();
        inf.Span[2] = float.PositiveInfinity;
        NpyWriter.Write(_dir.File("inf.npy"), inf);
        NpyWriter.Write(_dir.File("y5.npy"), new Tensor(new Shape(5, 3)));
        NpyWriter.Write(_dir.File("empty.npy"), new Tensor(new Shape(0, 4)));
        NpyWriter.Write(_dir.File("empty_y.npy"), new Tensor(new Shape(0, 3)));
        NpyWriter.Write(_dir.File("x5.npy"), new Tensor(new Shape(8, 5)));
        NpyWriter.Write(_dir.File("y2.npy"), new Tensor(new Shape(8, 2)));
        _dir.Write("notmodel.json", """{"name": "not a model", "layers": 3}""");
        _dir.Write("broken.json", """{"class_name": "Sequential", "config": """);
        Directory.CreateDirectory(_dir.File("afolder.png"));
        _dir.Write("numbername.json", """{"class_name": "Sequential", "config": {"name": 5, "layers": [{"class_name": "Dense", "config": {"units": 1}}]}}""");
        _dir.Write("convlstm.json", """{"class_name": "Sequential", "config": {"layers": [{"class_name": "ConvLSTM2D", "config": {"filters": 4}}]}}""");
        _dir.Write("conv.json", """{"class_name": "Sequential", "config": {"layers": [{"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": [3, 3], "groups": 2}}]}}""");
        var weights = CSharpModel(0).Weights.Select(w => w.Value).ToArray();
        weights[2] = new Tensor(new Shape(8, 16));
        NpzWriter.Write(_dir.File("badweights.npz"), weights);
    }
}
