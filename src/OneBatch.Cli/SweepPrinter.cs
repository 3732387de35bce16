using System.Globalization;
using OneBatch.Check.Sweep;

namespace OneBatch.Cli;

/// <summary>
/// A sweep's result on the terminal: the ranked table, the best setting, per optimizer the rates that memorize, and
/// the failed runs' diagnoses code by code. With --quiet, only the best setting.
/// </summary>
internal static class SweepPrinter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Print(SweepResult result, TextWriter o, bool quiet)
    {
        if (!quiet)
        {
            int width = Math.Max(9, result.Optimizers.Max(n => n.Length));
            o.WriteLine($"  {"#",3} {"optimizer".PadRight(width)} {"lr",9} {"verdict",-13} {"steps",6} {"final loss",10} {"seconds",7}  diagnoses");
            int rank = 0;
            foreach (var r in result.Ranked)
            {
                string steps = r.MemorizedAtStep is int at ? at.ToString(C) : "-";
                string codes = r.Memorized ? string.Empty : string.Join(", ", r.DiagnosisCodes);
                o.WriteLine(string.Create(C, $"  {++rank,3} {r.Optimizer.PadRight(width)} {Rate(r.LearningRate),9} {r.Verdict,-13} {steps,6} {Loss(r.FinalLoss),10} {r.Seconds,7:F2}  {codes}").TrimEnd());
            }
        }

        o.WriteLine(Best(result));
        if (quiet)
        {
            return;
        }

        o.WriteLine("memorizes at:");
        foreach (var range in result.Ranges)
        {
            string rates = range.Low is not float low
                ? "no rate of the grid"
                : range.Low == range.High ? Rate(low)
                : range.Contiguous ? $"{Rate(low)} to {Rate(range.High!.Value)} (every rate between)"
                : $"{string.Join(", ", range.Rates.Select(Rate))} (not every rate between)";
            o.WriteLine($"  {range.Optimizer}: {rates}");
        }

        if (result.Findings.Count > 0)
        {
            o.WriteLine("failed runs, by diagnosis:");
            foreach (var finding in result.Findings)
            {
                var byOptimizer = finding.Runs.GroupBy(r => r.Optimizer).Select(g => $"{g.Key} at {string.Join(", ", g.Select(r => Rate(r.LearningRate)))}");
                o.WriteLine($"  {finding.Code}: {string.Join("; ", byOptimizer)}");
            }
        }

        o.WriteLine(string.Create(C, $"{result.Runs.Count} runs in {result.Seconds:F2} s on {result.Workers} thread{(result.Workers == 1 ? string.Empty : "s")}"));
    }

    public static string Best(SweepResult result)
    {
        if (result.Best is { } b)
        {
            return string.Create(C, $"BEST: {b.Optimizer} at learning rate {Rate(b.LearningRate)}: memorized in {b.MemorizedAtStep} steps, final loss {Loss(b.FinalLoss)}");
        }

        var closest = result.Ranked[0];
        return string.Create(C, $"NOT MEMORIZED by any setting; the lowest final loss was {Loss(closest.FinalLoss)} ({closest.Optimizer} at learning rate {Rate(closest.LearningRate)})");
    }

    /// <summary>"memorized in 80 steps" or "not memorized, loss 0.01 (lr_too_low)".</summary>
    public static string Outcome(SweepRun r) => r.Memorized
        ? string.Create(C, $"memorized in {r.MemorizedAtStep} steps")
        : $"not memorized, loss {Loss(r.FinalLoss)}{(r.Diagnoses.Count > 0 ? $" ({string.Join(", ", r.DiagnosisCodes)})" : string.Empty)}";

    /// <summary>A learning rate, short: 0.001, 0.0316, 6.81e-05.</summary>
    public static string Rate(float rate) => rate.ToString(rate is >= 1e-3f and < 1e4f ? "G3" : "0.##e+00", C);

    private static string Loss(float loss) => loss.ToString("G3", C);
}
