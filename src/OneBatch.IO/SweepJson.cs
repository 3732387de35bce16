using System.Text.Json;
using OneBatch.Check.Sweep;

namespace OneBatch.IO;

/// <summary>
/// A sweep's report as camelCase JSON: every run (optimizer, its configuration, learning rate, verdict, step memorized
/// at, final loss, seconds, diagnosis codes), the best run, and per optimizer the rates that memorized.
/// </summary>
public static class SweepJson
{
    public const int FormatVersion = 1;

    public static string ToJson(SweepResult result)
    {
        using var ms = new MemoryStream();
        Write(result, ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static void Write(SweepResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("formatVersion", FormatVersion);
        w.WriteString("name", result.Name);
        w.WriteString("verdict", result.AnyMemorized ? "memorized" : "not_memorized");
        w.WriteNumber("maxSteps", result.MaxSteps);
        w.WriteNumber("seed", result.Seed);
        w.WriteNumber("workers", result.Workers);
        w.WriteNumber("seconds", Math.Round(result.Seconds, 4));
        w.WriteStartArray("optimizers");
        foreach (string o in result.Optimizers)
        {
            w.WriteStringValue(o);
        }

        w.WriteEndArray();
        w.WriteStartArray("learningRates");
        foreach (float r in result.LearningRates)
        {
            w.WriteNumberValue(r);
        }

        w.WriteEndArray();
        w.WriteStartArray("runs");
        foreach (var run in result.Ranked)
        {
            WriteRun(w, run);
        }

        w.WriteEndArray();
        w.WritePropertyName("best");
        if (result.Best is { } best)
        {
            WriteRun(w, best);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteStartArray("ranges");
        foreach (var range in result.Ranges)
        {
            w.WriteStartObject();
            w.WriteString("optimizer", range.Optimizer);
            WriteRate(w, "low", range.Low);
            WriteRate(w, "high", range.High);
            w.WriteBoolean("contiguous", range.Contiguous);
            w.WriteStartArray("memorizedAt");
            foreach (float r in range.Rates)
            {
                w.WriteNumberValue(r);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            w.WriteStartObject();
            w.WriteString("code", finding.Code);
            w.WriteStartArray("runs");
            foreach (var run in finding.Runs)
            {
                w.WriteStartObject();
                w.WriteString("optimizer", run.Optimizer);
                w.WriteNumber("learningRate", run.LearningRate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, SweepRun run)
    {
        w.WriteStartObject();
        w.WriteString("optimizer", run.Optimizer);
        w.WriteStartObject("optimizerConfig");
        foreach (var (key, value) in run.OptimizerConfig)
        {
            w.WritePropertyName(key);
            ReportJson.WriteConfigValue(w, value);
        }

        w.WriteEndObject();
        w.WriteNumber("learningRate", run.LearningRate);
        w.WriteString("verdict", run.Verdict);
        ReportJson.WriteNullable(w, "memorizedAtStep", run.MemorizedAtStep);
        w.WriteNumber("steps", run.Steps);
        ReportJson.WriteFloat(w, "finalLoss", run.FinalLoss);
        w.WriteNumber("seconds", Math.Round(run.Seconds, 4));
        w.WriteStartArray("diagnoses");
        foreach (string code in run.DiagnosisCodes)
        {
            w.WriteStringValue(code);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRate(Utf8JsonWriter w, string name, float? rate)
    {
        if (rate is float r)
        {
            w.WriteNumber(name, r);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
