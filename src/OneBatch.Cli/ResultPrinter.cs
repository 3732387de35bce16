using System.Globalization;
using OneBatch.Check;

namespace OneBatch.Cli;

/// <summary>The final summary on the terminal: the verdict, the figures, and each diagnosis with its evidence.</summary>
internal static class ResultPrinter
{
    public static void Print(CheckReport r, TextWriter o, bool quiet)
    {
        var c = CultureInfo.InvariantCulture;
        string verdict = r.Memorized
            ? string.Create(c, $"MEMORIZED in {r.MemorizedAtStep} steps: loss {r.FinalLoss:G4} < target {r.TargetLoss:G4}")
            : string.Create(c, $"NOT MEMORIZED after {r.Steps} steps: loss {r.FinalLoss:G4}, target {r.TargetLoss:G4}");
        if (r.Accuracy is float acc)
        {
            verdict += string.Create(c, $", accuracy {acc:P0}");
        }

        o.WriteLine(verdict);
        if (quiet)
        {
            return;
        }

        o.WriteLine(string.Create(c, $"  loss {r.InitialLoss:G4} -> {r.FinalLoss:G4}; {r.MicrosecondsPerStep:F1} us per step, {r.Seconds:F2} s"));
        foreach (var note in r.Notes)
        {
            o.WriteLine($"  note: {note}");
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
    }

    private static void PrintLayers(IReadOnlyList<LayerReport> layers, TextWriter o)
    {
        if (layers.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"  {"layer",-16} {"kind",-12} {"activation",-10} {"params",8} {"grad start",11} {"grad end",11} {"dead",6} {"saturated",9} {"w change",9}");
        foreach (var l in layers)
        {
            o.WriteLine(string.Create(c,
                $"  {l.Name,-16} {l.Kind,-12} {l.Activation ?? "-",-10} {l.Parameters,8} {Number(l.GradientNormStart),11} {Number(l.GradientNormEnd),11} {Share(l.DeadShare),6} {Share(l.SaturatedShare),9} {Number(l.WeightChange),9}"));
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
