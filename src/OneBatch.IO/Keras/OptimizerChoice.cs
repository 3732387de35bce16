using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneBatch.Check;
using OneBatch.Optimizers;

namespace OneBatch.IO.Keras;

/// <summary>The optimizer settings given on the command line (or by the caller), each null when not given.</summary>
/// <param name="Name">The optimizer (<c>adam</c>, <c>sgd</c>, ...): replaces the model file's compiled optimizer.</param>
public sealed record OptimizerSettings(
    string? Name = null, float? LearningRate = null, float? Momentum = null, bool? Nesterov = null, float? ClipNorm = null, float? WeightDecay = null)
{
    /// <summary>Adam at Keras's defaults: what trains when neither the file nor the command line names an optimizer.</summary>
    public const string DefaultName = "adam";
}

/// <summary>
/// Chooses the optimizer a check trains with, and says where each of its settings came from: the one named on the
/// command line (at Keras's defaults), else the model file's compiled optimizer with all its settings, else Adam at
/// Keras's defaults; then the command line's learning rate, momentum, Nesterov, clipnorm and weight decay on top.
/// </summary>
public static class OptimizerChoice
{
    /// <param name="fileOptimizer">The model file's serialized optimizer, if it has one.</param>
    /// <param name="fileSource">Names the model file in messages.</param>
    public static (Optimizer Optimizer, IReadOnlyList<SettingSource> Sources) Choose(OptimizerSettings given, JsonElement? fileOptimizer = null, string fileSource = "the model file")
    {
        ArgumentNullException.ThrowIfNull(given);
        Optimizer start;
        IReadOnlyList<string> fromFile = [];
        string origin;
        if (given.Name is string name)
        {
            start = Optimizer.Registry.TryGet(name, out var make)
                ? make(null)
                : throw new InputException($"unknown optimizer '{name}'; choose one of {Optimizer.Registry.Describe(", ")}.") { Part = "optimizer" };
            origin = SettingSource.CommandLine;
        }
        else if (fileOptimizer is JsonElement serialized)
        {
            start = KerasOptimizers.Read(serialized, fileSource, out fromFile);
            origin = SettingSource.File;
        }
        else
        {
            start = Optimizer.Get(OptimizerSettings.DefaultName);
            origin = SettingSource.Default;
        }

        var overrides = Overrides(given);
        var optimizer = overrides.Count == 0 ? start : WithOverrides(start, overrides);
        if (given.LearningRate is float lr)
        {
            // On the optimizer rather than its config, so that a schedule is scaled to start at the given rate.
            optimizer.LearningRate = lr;
            overrides["learning_rate"] = ("--lr", JsonValue.Create(lr));
        }

        var sources = new List<SettingSource> { new("optimizer", start.Name, origin) };
        foreach (var (key, value) in optimizer.GetConfig())
        {
            if (key == "name")
            {
                continue;
            }

            // A file's setting that is now null was cleared by the command line (--clipnorm replaces clipvalue and global_clipnorm).
            string from = overrides.ContainsKey(key) || (value is null && fromFile.Contains(key)) ? SettingSource.CommandLine
                : fromFile.Contains(key) ? SettingSource.File
                : SettingSource.Default;
            if (key == "learning_rate" || from != SettingSource.Default)
            {
                sources.Add(new SettingSource(key == "learning_rate" ? "learningRate" : $"optimizer.{key}", Text(value), from));
            }
        }

        return (optimizer, sources);
    }

    // The Keras config keys the command line sets: the option that set each, and its value.
    private static Dictionary<string, (string Option, JsonNode Value)> Overrides(OptimizerSettings given)
    {
        var keys = new Dictionary<string, (string, JsonNode)>(StringComparer.Ordinal);
        Add("momentum", "--momentum", given.Momentum);
        Add("clipnorm", "--clipnorm", given.ClipNorm);
        Add("weight_decay", "--weight-decay", given.WeightDecay);
        if (given.Nesterov is bool nesterov)
        {
            keys["nesterov"] = ("--nesterov", JsonValue.Create(nesterov));
        }

        return keys;

        void Add(string key, string option, float? value)
        {
            if (value is float v)
            {
                keys[key] = (option, JsonValue.Create(v));
            }
        }
    }

    // The optimizer remade from its own config with the command line's values in place.
    private static Optimizer WithOverrides(Optimizer start, Dictionary<string, (string Option, JsonNode Value)> overrides)
    {
        var config = (JsonObject)ReportJson.ConfigNode(start.GetConfig())!;
        foreach (var (key, (option, value)) in overrides)
        {
            if (!config.ContainsKey(key))
            {
                throw new InputException($"{start.Name} has no {key} setting, so {option} does not apply to it.") { Part = option.TrimStart('-') };
            }

            config[key] = value;
            if (key == "clipnorm")
            {
                // Keras takes one way of clipping: the command line's replaces the file's.
                config["clipvalue"] = null;
                config["global_clipnorm"] = null;
            }
        }

        var serialized = new JsonObject { ["class_name"] = start.Name, ["config"] = config };
        using var document = JsonDocument.Parse(serialized.ToJsonString());
        return KerasOptimizers.Read(document.RootElement, string.Join(", ", overrides.Values.Select(o => o.Option)));
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IEnumerable<KeyValuePair<string, object?>> => ReportJson.ConfigNode(value)!.ToJsonString(),
        string s => s,
        System.Collections.IEnumerable => ReportJson.ConfigNode(value)!.ToJsonString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
