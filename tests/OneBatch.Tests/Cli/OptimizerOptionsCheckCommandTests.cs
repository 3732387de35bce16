using System.Text.Json;
using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;
using OneBatch.Tests.IO.Saved;
using OneBatch.Utils;

namespace OneBatch.Tests.Cli;

/// <summary>
/// The check trains with the model file's compiled optimizer unless <c>--optimizer</c> names one; <c>--lr</c>,
/// <c>--momentum</c>, <c>--nesterov</c>, <c>--clipnorm</c>, <c>--weight-decay</c> over it; the summary line and the
/// report's <c>settings</c> say where each setting came from.
/// </summary>
public sealed class OptimizerOptionsCheckCommandTests : IDisposable
{
    // tf.keras 2's model.to_json() with the training_config model.save() adds: compiled with SGD(lr=0.05, momentum=0.9, nesterov=True).
    private const string SgdModel = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 8, "activation": "tanh", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow",
         "training_config": {"loss": "categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": null, "loss_weights": null, "optimizer_config": {"class_name": "SGD", "config": {"name": "SGD", "lr": 0.05, "momentum": 0.9, "decay": 0.0, "nesterov": true}}}}
        """;

    private static readonly string NoOptimizerModel = SgdModel.Replace(
        """, "optimizer_config": {"class_name": "SGD", "config": {"name": "SGD", "lr": 0.05, "momentum": 0.9, "decay": 0.0, "nesterov": true}}""", string.Empty, StringComparison.Ordinal);

    private readonly TempFolder _dir = new();

    public OptimizerOptionsCheckCommandTests()
    {
        Assert.DoesNotContain("optimizer_config", NoOptimizerModel, StringComparison.Ordinal);
        var random = new RandomGenerator(4);
        NpyWriter.Write(_dir.File("x.npy"), random.Uniform(new Shape(8, 4)));
        NpyWriter.Write(_dir.File("y.npy"), Categorical.ToCategorical(random.Integers(new Shape(8), 0, 3), 3));
        _dir.Write("sgd.json", SgdModel);
        _dir.Write("none.json", NoOptimizerModel);
    }

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    // A short check of a model file with a report; returns the summary line and the report.
    private (string Summary, JsonElement Report) Check(string model, params string[] more)
    {
        var (code, output, err) = Run(["check", "--model", model, "--x", "@x.npy", "--y", "@y.npy", "--steps", "2", "--no-isolate", "--report", "@r.json", .. more]);
        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized, $"exit {code}: {err}");
        string summary = output.Split('\n').First(l => l.StartsWith("onebatch: ", StringComparison.Ordinal));
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        return (summary, report.RootElement.Clone());
    }

    private static string From(JsonElement report, string setting) => report.GetProperty("settings").GetProperty(setting).GetProperty("from").GetString()!;

    private static string Value(JsonElement report, string setting) => report.GetProperty("settings").GetProperty(setting).GetProperty("value").GetString()!;

    [Fact]
    public void TheFilesKeras2SgdTrainsAndTheReportSaysSo()
    {
        var (summary, report) = Check("@sgd.json");
        Assert.Contains(", sgd(learning_rate=0.05, momentum=0.9, nesterov=true) of the model file, ", summary, StringComparison.Ordinal);

        Assert.Equal("sgd", report.GetProperty("optimizer").GetString());
        Assert.Equal(0.05f, report.GetProperty("learningRate").GetSingle());
        Assert.Equal(("sgd", "file"), (Value(report, "optimizer"), From(report, "optimizer")));
        Assert.Equal(("0.05", "file"), (Value(report, "learningRate"), From(report, "learningRate")));
        Assert.Equal("file", From(report, "optimizer.momentum"));
        Assert.Equal("file", From(report, "optimizer.nesterov"));

        var config = report.GetProperty("optimizerConfig");
        Assert.Equal("sgd", config.GetProperty("name").GetString());
        Assert.Equal(0.05f, config.GetProperty("learning_rate").GetSingle());
        Assert.Equal(0.9f, config.GetProperty("momentum").GetSingle());
        Assert.True(config.GetProperty("nesterov").GetBoolean());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("clipnorm").ValueKind);
    }

    [Fact]
    public void TheCommandLinesOptimizerReplacesTheFiles()
    {
        var (summary, report) = Check("@sgd.json", "--optimizer", "adam");
        Assert.Contains(", adam(learning_rate=0.001), ", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("of the model file", summary, StringComparison.Ordinal);
        Assert.Equal("adam", report.GetProperty("optimizer").GetString());
        Assert.Equal(("adam", "command line"), (Value(report, "optimizer"), From(report, "optimizer")));
        Assert.Equal("default", From(report, "learningRate"));
        Assert.False(report.GetProperty("settings").TryGetProperty("optimizer.momentum", out _));
        Assert.Equal(0.9f, report.GetProperty("optimizerConfig").GetProperty("beta_1").GetSingle());
    }

    [Fact]
    public void AFileWithoutAnOptimizerTrainsWithAdamByDefault()
    {
        var (summary, report) = Check("@none.json");
        Assert.Contains(", adam(learning_rate=0.001), ", summary, StringComparison.Ordinal);
        Assert.Equal(("adam", "default"), (Value(report, "optimizer"), From(report, "optimizer")));
        Assert.Equal("default", From(report, "learningRate"));
    }

    [Fact]
    public void TheLearningRateIsTheCommandLinesOverTheFilesOptimizer()
    {
        var (summary, report) = Check("@sgd.json", "--lr", "0.2");
        Assert.Contains(", sgd(learning_rate=0.2, momentum=0.9, nesterov=true) of the model file, ", summary, StringComparison.Ordinal);
        Assert.Equal("file", From(report, "optimizer"));
        Assert.Equal(("0.2", "command line"), (Value(report, "learningRate"), From(report, "learningRate")));
        Assert.Equal("file", From(report, "optimizer.momentum"));
        Assert.Equal(0.2f, report.GetProperty("optimizerConfig").GetProperty("learning_rate").GetSingle());
    }

    [Fact]
    public void ClipnormAndWeightDecayOverTheFilesOptimizer()
    {
        var (summary, report) = Check("@sgd.json", "--clipnorm", "1", "--weight-decay", "0.01", "--momentum", "0.5");
        Assert.Contains(", sgd(learning_rate=0.05, weight_decay=0.01, clipnorm=1, momentum=0.5, nesterov=true) of the model file, ", summary, StringComparison.Ordinal);
        Assert.Equal("command line", From(report, "optimizer.clipnorm"));
        Assert.Equal("command line", From(report, "optimizer.weight_decay"));
        Assert.Equal("command line", From(report, "optimizer.momentum"));
        Assert.Equal("file", From(report, "optimizer.nesterov"));
        var config = report.GetProperty("optimizerConfig");
        Assert.Equal((1f, 0.01f, 0.5f), (config.GetProperty("clipnorm").GetSingle(), config.GetProperty("weight_decay").GetSingle(), config.GetProperty("momentum").GetSingle()));
    }

    [Fact]
    public void TheLossIsTheFilesOrTheCommandLines()
    {
        var (_, report) = Check("@sgd.json");
        Assert.Equal(("categorical_crossentropy", "file"), (Value(report, "loss"), From(report, "loss")));
        (_, report) = Check("@sgd.json", "--loss", "mean_squared_error");
        Assert.Equal(("mean_squared_error", "command line"), (Value(report, "loss"), From(report, "loss")));
    }

    [Fact]
    public void InitialWeightsFromAKerasFileFromTheCommandLineOrDrawn()
    {
        var source = SavedModels.Build(KerasSamples.Keras3, seed: 1);
        _dir.Write("m.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, KerasFileWriter.Keras3Weights(source.Model, source.ClassNames)));
        _dir.Write("k3.json", KerasSamples.Keras3);

        var (_, report) = Check("@m.keras");
        Assert.Equal("file", From(report, "initialWeights"));
        Assert.Contains("m.keras", Value(report, "initialWeights"), StringComparison.Ordinal);

        // The .keras's compile_config names "adam": the file's, at its defaults.
        Assert.Equal(("adam", "file"), (Value(report, "optimizer"), From(report, "optimizer")));

        (_, report) = Check("@k3.json", "--weights", "@m.keras");
        Assert.Equal("command line", From(report, "initialWeights"));
        Assert.Contains("m.keras", Value(report, "initialWeights"), StringComparison.Ordinal);

        (_, report) = Check("@m.keras", "--weights", "@m.keras");
        Assert.Equal("command line", From(report, "initialWeights"));

        (_, report) = Check("@k3.json");
        Assert.Equal("default", From(report, "initialWeights"));
        Assert.StartsWith("drawn from the model's initializers", Value(report, "initialWeights"), StringComparison.Ordinal);

        (_, report) = Check("@m.keras", "--fresh-weights");
        Assert.Equal("default", From(report, "initialWeights"));
    }

    public static TheoryData<string[], string> BadValues => new()
    {
        { ["--momentum", "2"], "onebatch: --momentum must be in [0, 1]; got 2." },
        { ["--momentum", "-0.5"], "onebatch: --momentum must be in [0, 1]; got -0.5." },
        { ["--clipnorm", "0"], "onebatch: --clipnorm must be a positive number; got 0." },
        { ["--clipnorm", "-1"], "onebatch: --clipnorm must be a positive number; got -1." },
        { ["--weight-decay", "-1"], "onebatch: --weight-decay must be a number >= 0; got -1." },
        { ["--optimizer", "adam", "--momentum", "0.5"], "onebatch: --momentum: adam has no momentum setting, so --momentum does not apply to it." },
        { ["--optimizer", "adam", "--nesterov"], "onebatch: --nesterov: adam has no nesterov setting, so --nesterov does not apply to it." },
        { ["--optimizer", "adafactor"], "onebatch: --optimizer: unknown optimizer 'adafactor'; choose one of " },
        { ["--lr", "0"], "onebatch: --lr" },
        { ["--weights", "@w.npz", "--fresh-weights"], "onebatch: --fresh-weights draws the initial weights from the model's initializers, so it cannot be given with --weights." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadSettingIsOneLineNamingTheOptionExitTwoAndNoReport(string[] options, string expected)
    {
        _dir.Write("w.npz", [1, 2, 3]);
        string[] before = _dir.Files();
        var (code, output, err) = Run(["check", "--model", "@sgd.json", "--x", "@x.npy", "--y", "@y.npy", "--steps", "2", "--report", "@r.json", "--plot", "@p.png", .. options]);
        Assert.True(code == ExitCodes.BadInput, $"exit {code}; stdout {output}; stderr {err}");
        string line = Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Equal(before, _dir.Files());
    }

    [Fact]
    public void MomentumOnTheFilesAdamIsRefusedToo()
    {
        // A .keras compiled with "adam": the file's optimizer has no momentum either.
        var source = SavedModels.Build(KerasSamples.Keras3, seed: 1);
        _dir.Write("m.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, KerasFileWriter.Keras3Weights(source.Model, source.ClassNames)));
        var (code, _, err) = Run("check", "--model", "@m.keras", "--x", "@x.npy", "--y", "@y.npy", "--steps", "2", "--momentum", "0.5", "--report", "@r.json");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("onebatch: --momentum: adam has no momentum setting, so --momentum does not apply to it.", err.TrimEnd());
        Assert.False(File.Exists(_dir.File("r.json")));
    }

    [Fact]
    public void TheDemoTakesSgdWithMomentumAndNesterov()
    {
        var (code, output, err) = Run("demo", "regression", "--optimizer", "sgd", "--momentum", "0.9", "--nesterov", "--steps", "5", "--report", "@d.json");
        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized, $"exit {code}: {err}");
        Assert.Contains(", sgd(learning_rate=0.01, momentum=0.9, nesterov=true), up to 5 steps", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("d.json")));
        var config = report.RootElement.GetProperty("optimizerConfig");
        Assert.Equal((0.9f, true), (config.GetProperty("momentum").GetSingle(), config.GetProperty("nesterov").GetBoolean()));
        Assert.Equal("command line", From(report.RootElement, "optimizer.momentum"));
        Assert.Equal("command line", From(report.RootElement, "optimizer"));
    }

    [Fact]
    public void TheDemoRefusesMomentumOnItsDefaultAdam()
    {
        var (code, output, err) = Run("demo", "regression", "--momentum", "0.9", "--steps", "5");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("onebatch: --momentum: adam has no momentum setting, so --momentum does not apply to it.", err.TrimEnd());
        Assert.DoesNotContain("onebatch: regression", output, StringComparison.Ordinal);
    }
}
