using System.Globalization;
using OneBatch.Check;

namespace OneBatch.Cli;

/// <summary>The final summary on the terminal: the verdict, the figures, and each diagnosis with its evidence.</summary>
internal static class ResultPrinter
{
    public static void Print(CheckReport r, TextWriter o, bool quiet)
    {
        var c = CultureInfo.InvariantCulture;

        // With regularizers the target is met by the data loss, so that is the loss the verdict shows.
        string loss = r.HasPenalty ? string.Create(c, $"data loss {r.FinalDataLoss:G4}") : string.Create(c, $"loss {r.FinalLoss:G4}");
        string verdict = r.Memorized
            ? string.Create(c, $"MEMORIZED in {r.MemorizedAtStep} steps: {loss} < target {r.TargetLoss:G4}")
            : string.Create(c, $"NOT MEMORIZED after {r.Steps} steps: {loss}, target {r.TargetLoss:G4}");
        if (r.HasPenalty)
        {
            verdict += string.Create(c, $" (penalty {r.FinalPenalty:G4})");
        }

        if (r.Accuracy is float acc)
        {
            verdict += string.Create(c, $", accuracy {acc:P0}");
        }

        o.WriteLine(verdict);
        if (quiet)
        {
            return;
        }

        string parts = r.HasPenalty
            ? string.Create(c, $" = data loss {r.InitialDataLoss:G4} -> {r.FinalDataLoss:G4} + penalty {r.InitialPenalty:G4} -> {r.FinalPenalty:G4}")
            : string.Empty;
        o.WriteLine(string.Create(c, $"  loss {r.InitialLoss:G4} -> {r.FinalLoss:G4}{parts}; {r.MicrosecondsPerStep:F1} us per step, {r.Seconds:F2} s"));
        foreach (var note in r.Notes)
        {
            o.WriteLine($"  note: {note}");
        }

        if (r.Outputs.Count > 1)
        {
            foreach (var output in r.Outputs)
            {
                string accuracy = output.Accuracy is float a ? string.Create(c, $", accuracy {a:P0}") : string.Empty;
                string weight = output.Weight == 1f ? string.Empty : string.Create(c, $" x {output.Weight:G3}");
                o.WriteLine(string.Create(c,
                    $"  output {output.Name} ({output.Loss}{weight}): loss {output.InitialLoss:G4} -> {output.FinalLoss:G4}, target {output.TargetLoss:G4}{accuracy}{(output.Memorized ? ", memorized" : string.Empty)}"));
            }
        }

        PrintLayers(r.Layers, o);
        foreach (var d in r.Diagnoses)
        {
            o.WriteLine($"  {d.Code}: {d.Message}");
            foreach (var (key, value) in d.Evidence)
            {
                o.WriteLine($"      {key}: {Format(value)}");
            }
        }

        PrintIsolation(r.Isolation, o);
    }

    private static void PrintIsolation(IsolationReport? isolation, TextWriter o)
    {
        if (isolation is null)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"  isolation ({isolation.Seconds:F2} s): suspect the {isolation.Suspect}. {isolation.Summary}"));
        foreach (var v in isolation.Variants)
        {
            string result = v.Verdict switch
            {
                IsolationVariant.SkippedVerdict => "skipped (time budget)",
                CheckReport.MemorizedVerdict => string.Create(c, $"memorized in {v.Steps} steps, loss {v.FinalLoss:G4}"),
                _ => string.Create(c, $"not memorized after {v.Steps} steps, loss {v.FinalLoss:G4}"),
            };
            o.WriteLine($"    {v.Component}: {v.Change}: {result}");
        }
    }

    /// <summary>A model of more layers than this shows on the terminal only those that train or show a finding.</summary>
    internal const int MaxLayerRows = 30;

    private static void PrintLayers(IReadOnlyList<LayerReport> layers, TextWriter o)
    {
        if (layers.Count == 0)
        {
            return;
        }

        var shown = layers.Count <= MaxLayerRows
            ? layers
            : layers.Where(l => l.GradientNormStart is not null || l.DeadShare > 0 || l.SaturatedShare > 0).ToArray();
        if (shown.Count > MaxLayerRows)
        {
            shown = [.. shown.Take(MaxLayerRows / 2), .. shown.Skip(shown.Count - (MaxLayerRows / 2))];
        }

        var c = CultureInfo.InvariantCulture;
        int width = Math.Clamp(shown.Select(l => l.Name.Length).DefaultIfEmpty(0).Max(), 16, 40);
        int kindWidth = Math.Clamp(shown.Select(l => l.Kind.Length).DefaultIfEmpty(0).Max(), 12, 30);
        o.WriteLine($"  {"layer".PadRight(width)} {"kind".PadRight(kindWidth)} {"activation",-10} {"params",8} {"grad start",11} {"grad end",11} {"dead",6} {"saturated",9} {"w change",9}");
        if (shown.Count < layers.Count)
        {
            o.WriteLine($"  ({layers.Count - shown.Count} of {layers.Count} layers without trainable weights or findings are not shown; the JSON report (--report) lists them all)");
        }

        foreach (var l in shown)
        {
            o.WriteLine(string.Create(c,
                $"  {l.Name.PadRight(width)} {l.Kind.PadRight(kindWidth)} {l.Activation ?? "-",-10} {l.Parameters,8} {Number(l.GradientNormStart),11} {Number(l.GradientNormEnd),11} {Share(l.DeadShare),6} {Share(l.SaturatedShare),9} {Number(l.WeightChange),9}"));
        }
    }

    private static string Number(float? value) => value is float v ? v.ToString("G3", CultureInfo.InvariantCulture) : "-";

    private static string Share(float? value) => value is float v ? v.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal) : "-";

    private static string Format(object? value) => value switch
    {
        null => "-",
        string s => s,
        System.Collections.IDictionary map => string.Join(", ", map.Keys.Cast<object>().Select(k => $"{k}={Format(map[k])}")),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
