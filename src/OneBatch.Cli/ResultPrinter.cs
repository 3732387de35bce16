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

        foreach (var d in r.Diagnoses)
        {
            o.WriteLine($"  {d.Code}: {d.Message}");
            foreach (var (key, value) in d.Evidence)
            {
                o.WriteLine(string.Create(c, $"      {key}: {value}"));
            }
        }
    }
}
