using System.Text.Json;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Optimizers;
using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.IO;

/// <summary>
/// <see cref="OptimizerChoice.Choose"/>: the command line's optimizer at Keras's defaults, else the file's compiled one
/// with its settings, else Adam; the command line's settings on top; and where each setting came from.
/// </summary>
public sealed class OptimizerChoiceTests
{
    private const string Source = "'model.h5'";

    private const string Keras2Sgd = """{"class_name": "SGD", "config": {"lr": 0.05, "momentum": 0.9, "decay": 0.0, "nesterov": true}}""";

    private const string Keras3Adam = """
        {"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.002, "weight_decay": null, "clipnorm": null,
         "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null,
         "gradient_accumulation_steps": null, "beta_1": 0.8, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}, "registered_name": null}
        """;

    private const string ScheduledSgd = """
        {"class_name": "SGD", "config": {"learning_rate": {"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay",
         "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": false}}, "momentum": 0.0}}
        """;

    private const string ClippedSgd = """{"class_name": "SGD", "config": {"learning_rate": 0.05, "clipvalue": 0.5}}""";

    private static (Optimizer Optimizer, IReadOnlyList<SettingSource> Sources) Choose(OptimizerSettings given, string? file = null)
    {
        if (file is null)
        {
            return OptimizerChoice.Choose(given, null, Source);
        }

        using var document = JsonDocument.Parse(file);
        return OptimizerChoice.Choose(given, document.RootElement.Clone(), Source);
    }

    private static object? Config(Optimizer optimizer, string key) => optimizer.GetConfig().Single(p => p.Key == key).Value;

    private static Dictionary<string, (string Value, string From)> Table(IReadOnlyList<SettingSource> sources)
    {
        // Each setting is named once.
        Assert.Equal(sources.Count, sources.Select(s => s.Name).Distinct().Count());
        return sources.ToDictionary(s => s.Name, s => (s.Value, s.From));
    }

    [Fact]
    public void NothingGivenAndNoFileOptimizerIsAdamAtKerasDefaults()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings());
        var adam = Assert.IsType<Adam>(optimizer);
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        Assert.Equal(
            new Dictionary<string, (string, string)> { ["optimizer"] = ("adam", "default"), ["learningRate"] = ("0.001", "default") },
            Table(sources));
    }

    [Fact]
    public void TheFilesKeras2SgdTrainsWithAllItsSettings()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(), Keras2Sgd);
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal((0.05f, 0.9f, true, 0f), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov, sgd.Decay));
        Assert.Equal(0.05f, Config(sgd, "learning_rate"));
        Assert.Equal(0.9f, Config(sgd, "momentum"));
        Assert.Equal(true, Config(sgd, "nesterov"));
        Assert.Null(Config(sgd, "clipnorm"));
        Assert.Equal(
            new Dictionary<string, (string, string)>
            {
                ["optimizer"] = ("sgd", "file"),
                ["learningRate"] = ("0.05", "file"),
                ["optimizer.momentum"] = ("0.9", "file"),
                ["optimizer.nesterov"] = ("true", "file"),
            },
            Table(sources));
    }

    [Fact]
    public void TheFilesKeras3AdamTrainsWithAllItsSettings()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(), Keras3Adam);
        var adam = Assert.IsType<Adam>(optimizer);
        Assert.Equal((0.002f, 0.8f, 0.999f, 1e-7f, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        var table = Table(sources);
        Assert.Equal(("adam", "file"), table["optimizer"]);
        Assert.Equal(("0.002", "file"), table["learningRate"]);
        Assert.Equal(("0.8", "file"), table["optimizer.beta_1"]);
        Assert.Equal(("0.999", "file"), table["optimizer.beta_2"]);
        Assert.Equal(("false", "file"), table["optimizer.amsgrad"]);

        // The file's nulls (weight_decay, clipnorm, ...) are not settings it gave.
        Assert.DoesNotContain("optimizer.clipnorm", table.Keys);
        Assert.DoesNotContain("optimizer.weight_decay", table.Keys);
    }

    [Fact]
    public void TheCommandLinesOptimizerReplacesTheFilesAtKerasDefaults()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(Name: "adam"), Keras2Sgd);
        var adam = Assert.IsType<Adam>(optimizer);
        Assert.Equal(0.001f, adam.LearningRate);
        Assert.Equal(0.9f, adam.Beta1);
        Assert.Equal(
            new Dictionary<string, (string, string)> { ["optimizer"] = ("adam", "command line"), ["learningRate"] = ("0.001", "default") },
            Table(sources));
    }

    [Fact]
    public void TheCommandLinesOptimizerIgnoresTheFilesEvenOfTheSameKind()
    {
        // The file's momentum and rate are not carried over to the sgd the command line names.
        var (optimizer, sources) = Choose(new OptimizerSettings(Name: "sgd"), Keras2Sgd);
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal((0.01f, 0f, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        Assert.All(sources.Skip(1), s => Assert.Equal(SettingSource.Default, s.From));
        Assert.Equal(SettingSource.CommandLine, sources[0].From);
    }

    [Fact]
    public void TheLearningRateOverTheFilesOptimizer()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(LearningRate: 0.2f), Keras2Sgd);
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal((0.2f, 0.9f, true), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        Assert.Equal(0.2f, Config(sgd, "learning_rate"));
        var table = Table(sources);
        Assert.Equal(("sgd", "file"), table["optimizer"]);
        Assert.Equal(("0.2", "command line"), table["learningRate"]);
        Assert.Equal(("0.9", "file"), table["optimizer.momentum"]);
    }

    [Fact]
    public void TheLearningRateScalesTheFilesSchedule()
    {
        var (file, fileSources) = Choose(new OptimizerSettings(), ScheduledSgd);
        Assert.IsType<ExponentialDecay>(file.Schedule);
        Assert.Equal(0.1f, file.LearningRate);
        Assert.Equal(SettingSource.File, Table(fileSources)["learningRate"].From);
        Assert.Contains("ExponentialDecay", Table(fileSources)["learningRate"].Value, StringComparison.Ordinal);

        var (scaled, sources) = Choose(new OptimizerSettings(LearningRate: 0.01f), ScheduledSgd);
        var schedule = Assert.IsType<ExponentialDecay>(scaled.Schedule);
        Assert.Equal(0.01f, scaled.LearningRate);
        Assert.Equal((10L, 0.5f), (schedule.DecaySteps, schedule.DecayRate));

        // The whole schedule is a tenth of the file's: it still halves every 10 steps.
        Assert.Equal(0.01f, scaled.LearningRateAt(0), 6);
        Assert.Equal(0.005f, scaled.LearningRateAt(10), 6);
        Assert.Equal(file.LearningRateAt(7) / 10f, scaled.LearningRateAt(7), 6);
        var rate = Table(sources)["learningRate"];
        Assert.Equal(SettingSource.CommandLine, rate.From);
        Assert.Contains("\"initial_learning_rate\":0.01", rate.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void MomentumAndNesterovOnSgd()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(Name: "sgd", Momentum: 0.8f, Nesterov: true));
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal((0.01f, 0.8f, true), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        Assert.Equal(0.8f, Config(sgd, "momentum"));
        Assert.Equal(true, Config(sgd, "nesterov"));
        Assert.Equal(
            new Dictionary<string, (string, string)>
            {
                ["optimizer"] = ("sgd", "command line"),
                ["learningRate"] = ("0.01", "default"),
                ["optimizer.momentum"] = ("0.8", "command line"),
                ["optimizer.nesterov"] = ("true", "command line"),
            },
            Table(sources));
    }

    [Fact]
    public void MomentumOverTheFilesSgdKeepsItsOtherSettings()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(Momentum: 0.5f), Keras2Sgd);
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal((0.05f, 0.5f, true), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        var table = Table(sources);
        Assert.Equal(("0.5", "command line"), table["optimizer.momentum"]);
        Assert.Equal(("true", "file"), table["optimizer.nesterov"]);
        Assert.Equal(("0.05", "file"), table["learningRate"]);
        Assert.Equal(("sgd", "file"), table["optimizer"]);
    }

    [Fact]
    public void MomentumOnRmsprop()
    {
        var rms = Assert.IsType<RMSprop>(Choose(new OptimizerSettings(Name: "rmsprop", Momentum: 0.3f)).Optimizer);
        Assert.Equal(0.3f, rms.Momentum);
    }

    [Fact]
    public void TheClipnormReplacesTheFilesClipvalue()
    {
        var (file, fileSources) = Choose(new OptimizerSettings(), ClippedSgd);
        Assert.Equal(0.5f, file.ClipValue);
        Assert.Equal(("0.5", "file"), Table(fileSources)["optimizer.clipvalue"]);

        var (optimizer, sources) = Choose(new OptimizerSettings(ClipNorm: 1f), ClippedSgd);
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal(1f, sgd.ClipNorm);
        Assert.Null(sgd.ClipValue);
        Assert.Null(sgd.GlobalClipNorm);
        Assert.Equal(0.05f, sgd.LearningRate);
        Assert.Equal(1f, Config(sgd, "clipnorm"));
        Assert.Null(Config(sgd, "clipvalue"));
        var table = Table(sources);
        Assert.Equal(("1", "command line"), table["optimizer.clipnorm"]);

        // The file's clipvalue is gone, cleared by the command line: no setting says the file gave one.
        Assert.Equal(("null", "command line"), table["optimizer.clipvalue"]);
        Assert.DoesNotContain("optimizer.global_clipnorm", table.Keys);
    }

    [Fact]
    public void TheClipnormReplacesTheFilesGlobalClipnorm()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(ClipNorm: 2f), """{"class_name": "Adam", "config": {"learning_rate": 0.01, "global_clipnorm": 5.0}}""");
        Assert.Equal((2f, (float?)null), (optimizer.ClipNorm, optimizer.GlobalClipNorm));
        Assert.Equal(("null", "command line"), Table(sources)["optimizer.global_clipnorm"]);
        Assert.DoesNotContain("optimizer.clipvalue", Table(sources).Keys);
    }

    [Fact]
    public void WeightDecayOverAdam()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(WeightDecay: 0.01f));
        var adam = Assert.IsType<Adam>(optimizer);
        Assert.Equal(0.01f, adam.WeightDecay);
        Assert.Equal(0.01f, Config(adam, "weight_decay"));
        var table = Table(sources);
        Assert.Equal(("adam", "default"), table["optimizer"]);
        Assert.Equal(("0.01", "command line"), table["optimizer.weight_decay"]);
    }

    [Fact]
    public void WeightDecayReplacesTheFilesAdamWs()
    {
        var (optimizer, sources) = Choose(new OptimizerSettings(WeightDecay: 0f), """{"class_name": "AdamW", "config": {"learning_rate": 0.01, "weight_decay": 0.1}}""");
        var adamw = Assert.IsType<AdamW>(optimizer);
        Assert.Equal(0f, adamw.WeightDecay);
        Assert.Equal(0.01f, adamw.LearningRate);
        Assert.Equal(("0", "command line"), Table(sources)["optimizer.weight_decay"]);
    }

    [Fact]
    public void TheOptimizersNameIsTakenInAnyCase()
    {
        Assert.IsType<SGD>(Choose(new OptimizerSettings(Name: "SGD")).Optimizer);
        Assert.IsType<RMSprop>(Choose(new OptimizerSettings(Name: "RMSprop")).Optimizer);
    }

    [Theory]
    [InlineData(null, "momentum", "adam has no momentum setting, so --momentum does not apply to it.")]
    [InlineData(null, "nesterov", "adam has no nesterov setting, so --nesterov does not apply to it.")]
    [InlineData("rmsprop", "nesterov", "rmsprop has no nesterov setting, so --nesterov does not apply to it.")]
    [InlineData("adagrad", "momentum", "adagrad has no momentum setting, so --momentum does not apply to it.")]
    public void ASettingTheOptimizerLacksIsRefused(string? name, string option, string expected)
    {
        var given = option == "momentum" ? new OptimizerSettings(Name: name, Momentum: 0.5f) : new OptimizerSettings(Name: name, Nesterov: true);
        var e = Assert.Throws<InputException>(() => Choose(given));
        Assert.Equal(expected, e.Message);
        Assert.Equal(option, e.Part);
    }

    [Fact]
    public void MomentumOnTheFilesAdamIsRefused()
    {
        var e = Assert.Throws<InputException>(() => Choose(new OptimizerSettings(Momentum: 0.5f), Keras3Adam));
        Assert.Equal("adam has no momentum setting, so --momentum does not apply to it.", e.Message);
        Assert.Equal("momentum", e.Part);
    }

    [Fact]
    public void AnUnknownOptimizerIsRefused()
    {
        var e = Assert.Throws<InputException>(() => Choose(new OptimizerSettings(Name: "adafactor")));
        Assert.Equal($"unknown optimizer 'adafactor'; choose one of {Optimizer.Registry.Describe(", ")}.", e.Message);
        Assert.Equal("optimizer", e.Part);
        Assert.Contains("sgd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOptimizerInTheFileIsRefusedNamingTheFile()
    {
        var e = Assert.Throws<InputException>(() => Choose(new OptimizerSettings(), """{"class_name": "Adafactor", "config": {"learning_rate": 0.01}}"""));
        Assert.StartsWith($"{Source}: its optimizer Adafactor is not one OneBatch has; choose --optimizer from ", e.Message, StringComparison.Ordinal);

        // ... unless the command line names one.
        Assert.IsType<Adam>(Choose(new OptimizerSettings(Name: "adam"), """{"class_name": "Adafactor", "config": {"learning_rate": 0.01}}""").Optimizer);
    }

    [Fact]
    public void ABadValueOverTheFilesOptimizerNamesTheOption()
    {
        // A momentum SGD refuses: the sentence names the option, not the file.
        var e = Assert.Throws<InputException>(() => Choose(new OptimizerSettings(Momentum: 1.5f), Keras2Sgd));
        Assert.StartsWith("--momentum: ", e.Message, StringComparison.Ordinal);
    }
}
