using OneBatch.Check.Sweep;
using Spectre.Console;

namespace OneBatch.Cli;

/// <summary>
/// A sweep's progress: on a terminal, a live Spectre.Console display of the runs done and the best so far; on a pipe
/// or a log, a plain line per finished run; nothing with --quiet. Everything goes to standard error, so standard output
/// holds only the result.
/// </summary>
internal sealed class SweepProgressDisplay(TextWriter writer, bool interactive, bool quiet)
{
    private ProgressTask? _task;

    /// <summary>Runs <paramref name="sweep"/> with the display up while it runs.</summary>
    public SweepResult Show(int total, Func<SweepResult> sweep)
    {
        if (quiet || !interactive)
        {
            return sweep();
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .Start(context =>
            {
                _task = context.AddTask(Describe(0, total, null), maxValue: total);
                return sweep();
            });
    }

    /// <summary>Called by the sweep after each run (one call at a time).</summary>
    public void Report(SweepProgress p)
    {
        if (quiet)
        {
            return;
        }

        if (_task is { } task)
        {
            task.Value = p.Done;
            task.Description = Markup.Escape(Describe(p.Done, p.Total, p.Best));
            return;
        }

        if (!interactive)
        {
            var r = p.Finished;
            writer.WriteLine($"  [{p.Done}/{p.Total}] {r.Optimizer} lr {SweepPrinter.Rate(r.LearningRate)}: {SweepPrinter.Outcome(r)} ({r.Seconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)} s)");
        }
    }

    private static string Describe(int done, int total, SweepRun? best) =>
        $"{done}/{total} runs; best so far: " + (best is null ? "-" : $"{best.Optimizer} at {SweepPrinter.Rate(best.LearningRate)}, {SweepPrinter.Outcome(best)}");
}
