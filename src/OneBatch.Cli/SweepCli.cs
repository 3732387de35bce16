using System.Globalization;
using OneBatch.Check;
using OneBatch.Check.Sweep;
using OneBatch.IO;
using OneBatch.IO.Plot;

namespace OneBatch.Cli;

/// <summary>Runs a sweep with progress, writes its report and plot, prints the table, and gives the exit code (0 when a run memorized).</summary>
internal static class SweepCli
{
    public static int Run(
        CheckCase first, Func<CheckCase> createCase, IReadOnlyList<SweepOptimizer> optimizers, IReadOnlyList<float> rates, RunSettings settings,
        TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var c = CultureInfo.InvariantCulture;
        var progress = new SweepProgressDisplay(stderr, interactive, settings.Quiet);
        var runner = new SweepRunner(first, createCase, optimizers, rates, new CheckOptions { MaxSteps = settings.Steps, Seed = settings.Seed, MaxMemory = settings.MaxMemory })
        {
            Progress = progress.Report,
        };
        if (!settings.Quiet)
        {
            string grid = rates.Count == 1 ? SweepPrinter.Rate(rates[0]) : $"{SweepPrinter.Rate(rates.Min())} .. {SweepPrinter.Rate(rates.Max())}";
            stdout.WriteLine(string.Create(c,
                $"onebatch sweep: {first.Name}: {first.Model.CountParams():N0} parameters, loss {first.Loss}; {optimizers.Count} optimizers x {rates.Count} learning rates ({grid}) = {runner.Count} runs of up to {settings.Steps} steps, seed {settings.Seed}, {Math.Min(runner.Workers, runner.Count)} at a time"));
        }

        var result = progress.Show(runner.Count, runner.Run);

        OutputTargets.Write(settings.ReportPath, stream => SweepJson.Write(result, stream), settings.PlotPath, () => SweepPlot.Render(result));

        SweepPrinter.Print(result, stdout, settings.Quiet);
        return result.AnyMemorized ? ExitCodes.Memorized : ExitCodes.NotMemorized;
    }
}
