using System.Text.Json;
using System.Text.Json.Nodes;
using OneBatch.Check;

namespace OneBatch.IO;

/// <summary>The check's report as camelCase JSON (the contract of DESIGN.md: scripts and CI read it).</summary>
public static class ReportJson
{
    public const int FormatVersion = 1;

    public static void Write(CheckReport report, string path) =>
        AtomicFile.Write(path, stream => Write(report, stream));

    public static string ToJson(CheckReport report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static void Write(CheckReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("formatVersion", FormatVersion);
        w.WriteString("verdict", report.Verdict);
        w.WriteStartArray("diagnoses");
        foreach (var d in report.Diagnoses)
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("message", d.Message);
            w.WritePropertyName("evidence");
            JsonSerializer.Serialize(w, d.Evidence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in report.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteString("task", report.Task);
        w.WriteString("loss", report.Loss);
        w.WriteNumber("steps", report.Steps);
        w.WriteNumber("maxSteps", report.MaxSteps);
        WriteNullable(w, "memorizedAtStep", report.MemorizedAtStep);
        WriteFloat(w, "initialLoss", report.InitialLoss);
        WriteFloat(w, "finalLoss", report.FinalLoss);
        WriteFloat(w, "initialDataLoss", report.InitialDataLoss);
        WriteFloat(w, "finalDataLoss", report.FinalDataLoss);
        WriteFloat(w, "initialPenalty", report.InitialPenalty);
        WriteFloat(w, "finalPenalty", report.FinalPenalty);
        WriteFloat(w, "targetLoss", report.TargetLoss);
        if (report.Accuracy is float accuracy)
        {
            WriteFloat(w, "accuracy", accuracy);
        }
        else
        {
            w.WriteNull("accuracy");
        }

        w.WriteNumber("microsecondsPerStep", Math.Round(report.MicrosecondsPerStep, 2));
        w.WriteNumber("seconds", Math.Round(report.Seconds, 4));
        w.WriteNumber("seed", report.Seed);
        w.WriteString("optimizer", report.Optimizer);
        w.WriteNumber("learningRate", report.LearningRate);
        w.WriteNumber("batchSize", report.BatchSize);
        w.WriteNumber("parameters", report.Parameters);
        if (report.MemoryEstimate is { } m)
        {
            w.WriteStartObject("memoryEstimate");
            w.WriteNumber("bytes", m.Bytes);
            w.WriteNumber("weights", m.Weights);
            w.WriteNumber("gradients", m.Gradients);
            w.WriteNumber("optimizerState", m.OptimizerState);
            w.WriteNumber("weightCopies", m.WeightCopies);
            w.WriteNumber("activations", m.Activations);
            w.WriteNumber("batch", m.Batch);
            w.WriteNumber("scratch", m.Scratch);
            w.WriteNumber("probes", m.Probes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("memoryEstimate");
        }

        w.WriteBoolean("synthetic", report.Synthetic);
        w.WriteStartObject("optimizerConfig");
        foreach (var (key, value) in report.OptimizerConfig)
        {
            w.WritePropertyName(key);
            WriteConfigValue(w, value);
        }

        w.WriteEndObject();
        w.WriteStartObject("settings");
        foreach (var s in report.Settings)
        {
            w.WriteStartObject(s.Name);
            w.WriteString("value", s.Value);
            w.WriteString("from", s.From);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        WriteIsolation(w, report.Isolation);
        w.WriteStartArray("outputs");
        foreach (var o in report.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("name", o.Name);
            w.WriteString("loss", o.Loss);
            w.WriteNumber("weight", o.Weight);
            WriteFloat(w, "initialLoss", o.InitialLoss);
            WriteFloat(w, "finalLoss", o.FinalLoss);
            WriteFloat(w, "targetLoss", o.TargetLoss);
            WriteOptionalFloat(w, "accuracy", o.Accuracy);
            w.WriteBoolean("memorized", o.Memorized);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("layers");
        foreach (var l in report.Layers)
        {
            w.WriteStartObject();
            w.WriteString("name", l.Name);
            w.WriteString("kind", l.Kind);
            w.WriteString("activation", l.Activation);
            w.WriteNumber("parameters", l.Parameters);
            WriteOptionalFloat(w, "gradientNormStart", l.GradientNormStart);
            WriteOptionalFloat(w, "gradientNormEnd", l.GradientNormEnd);
            WriteOptionalFloat(w, "deadShare", l.DeadShare);
            WriteOptionalFloat(w, "saturatedShare", l.SaturatedShare);
            WriteOptionalFloat(w, "weightChange", l.WeightChange);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("lossCurve");
        foreach (var (step, loss) in report.LossCurve)
        {
            // One [step, loss] pair per line keeps a long curve readable.
            w.WriteRawValue(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{step}, {FloatLiteral(loss)}]"));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    // The variants as the "isolation" list, with the suspect and the wall time beside it; nulls when none ran.
    private static void WriteIsolation(Utf8JsonWriter w, IsolationReport? isolation)
    {
        if (isolation is null)
        {
            w.WriteNull("isolation");
            w.WriteNull("isolationSuspect");
            w.WriteNull("isolationSummary");
            w.WriteNull("isolationSeconds");
            return;
        }

        w.WriteStartArray("isolation");
        foreach (var v in isolation.Variants)
        {
            w.WriteStartObject();
            w.WriteString("component", v.Component);
            w.WriteString("change", v.Change);
            w.WriteString("verdict", v.Verdict);
            w.WriteNumber("steps", v.Steps);
            WriteFloat(w, "finalLoss", v.FinalLoss);
            w.WriteNumber("seconds", Math.Round(v.Seconds, 4));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("isolationSuspect", isolation.Suspect);
        w.WriteString("isolationSummary", isolation.Summary);
        w.WriteNumber("isolationSeconds", Math.Round(isolation.Seconds, 4));
    }

    internal static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteOptionalFloat(Utf8JsonWriter w, string name, float? value)
    {
        if (value is float v)
        {
            WriteFloat(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    // JSON has no NaN or infinity: a non-finite loss is written as the string "NaN", "Infinity" or "-Infinity".
    internal static void WriteFloat(Utf8JsonWriter w, string name, float value)
    {
        w.WritePropertyName(name);
        WriteFloatValue(w, value);
    }

    private static string FloatLiteral(float value) =>
        float.IsFinite(value) ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : $"\"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    internal static void WriteFloatValue(Utf8JsonWriter w, float value)
    {
        if (float.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // An optimizer setting: a number, a flag, a name, null, or a schedule's own configuration (nested key-value pairs).
    internal static void WriteConfigValue(Utf8JsonWriter w, object? value)
    {
        if (ConfigNode(value) is { } node)
        {
            node.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    /// <summary>
    /// An optimizer setting of <c>GetConfig()</c> as JSON: numbers (a non-finite one as its name, as the report writes
    /// losses), flags, text, null, arrays, and nested key-value pairs as objects.
    /// </summary>
    internal static JsonNode? ConfigNode(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        float f => FloatNode(f),
        double d => FloatNode((float)d),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        string text => JsonValue.Create(text),
        IEnumerable<KeyValuePair<string, object?>> pairs => new JsonObject(pairs.Select(p => KeyValuePair.Create(p.Key, ConfigNode(p.Value)))),
        System.Collections.IEnumerable items => new JsonArray(items.Cast<object?>().Select(ConfigNode).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static JsonNode FloatNode(float value) =>
        float.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
