using System.Globalization;
using System.Text.Json;
using OneBatch.Check;

namespace OneBatch.IO;

/// <summary>
/// The learning-rate range test's report as camelCase JSON: the settings, why it stopped, the suggestions and the
/// recommended rate, and the curve as <c>[rate, loss, smoothedLoss]</c> per step. A non-finite loss is written as the
/// string <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c> (JSON has no such numbers), as in the check's report.
/// </summary>
public static class LearningRateReportJson
{
    public const int FormatVersion = 1;

    public static string ToJson(LearningRateFinderResult result)
    {
        using var ms = new MemoryStream();
        Write(result, ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static void Write(LearningRateFinderResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("formatVersion", FormatVersion);
        w.WriteString("command", "lr-find");
        w.WriteString("optimizer", result.Optimizer);
        w.WriteString("loss", result.Loss);
        w.WriteNumber("seed", result.Seed);
        w.WriteNumber("startLearningRate", result.StartLearningRate);
        w.WriteNumber("endLearningRate", result.EndLearningRate);
        w.WriteNumber("numSteps", result.NumSteps);
        w.WriteNumber("steps", result.Steps);
        w.WriteString("stopReason", result.StopCode);
        w.WriteString("stopMessage", result.StopMessage);
        w.WriteNumber("seconds", Math.Round(result.Seconds, 4));
        if (result.Recommended is { } recommended)
        {
            w.WriteString("recommended", recommended.Name);
            w.WriteNumber("recommendedLearningRate", recommended.LearningRate);
        }
        else
        {
            w.WriteNull("recommended");
            w.WriteNull("recommendedLearningRate");
        }

        w.WriteStartArray("suggestions");
        foreach (var s in result.Suggestions)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteNumber("learningRate", s.LearningRate);
            w.WriteNumber("step", s.Step);
            ReportJson.WriteFloat(w, "smoothedLoss", s.SmoothedLoss);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteFloats(w, "learningRates", result.LearningRates);
        WriteFloats(w, "losses", result.Losses);
        WriteFloats(w, "smoothedLosses", result.SmoothedLosses);
        w.WriteEndObject();
    }

    private static void WriteFloats(Utf8JsonWriter w, string name, IReadOnlyList<float> values)
    {
        w.WriteStartArray(name);
        foreach (float v in values)
        {
            ReportJson.WriteFloatValue(w, v);
        }

        w.WriteEndArray();
    }
}
