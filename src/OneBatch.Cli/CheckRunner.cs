using System.Globalization;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.IO.Plot;
using OneBatch.Optimizers;

namespace OneBatch.Cli;

/// <summary>Runs the check on a loaded case with progress, writes the report and the plot, prints the result, and gives the exit code.</summary>
internal static class CheckRunner
{
    public static int Run(CheckCase checkCase, CheckSettings settings, TextWriter stdout, TextWriter stderr, bool interactive, bool isolate = false)
    {
        // A case loaded from files has its optimizer chosen with the file's compiled one; a demo chooses here.
        if (checkCase.Optimizer is null)
        {
            var (chosen, sources) = OptimizerChoice.Choose(settings.Optimizer);
            checkCase = checkCase with { Optimizer = chosen, Settings = [.. checkCase.Settings, .. sources] };
        }

        // With --report -, standard output carries the JSON report alone: the summary and the result go to standard error.
        var jsonOut = settings.ReportToStandardOutput ? stdout : null;
        if (jsonOut is not null)
        {
            stdout = stderr;
        }

        var optimizer = checkCase.Optimizer;
        var progress = settings.Quiet ? null : new ProgressPrinter(stderr, interactive);
        if (!settings.Quiet)
        {
            string batch = string.Join(", ", checkCase.Inputs.Select(x => x.Shape.ToString()));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"onebatch: {checkCase.Name}: {checkCase.Model.CountParams():N0} parameters, {Memory(checkCase)}{(checkCase.Synthetic ? "synthetic " : string.Empty)}batch {batch}, loss {checkCase.Loss}, {Describe(checkCase.Settings)}, up to {settings.Steps} steps, seed {settings.Seed}"));
        }

        var options = new CheckOptions
        {
            MaxSteps = settings.Steps,
            EarlyStop = settings.EarlyStop,
            Seed = settings.Seed,
            MaxMemory = settings.MaxMemory,
            Progress = progress is null ? null : progress.Report,
            ProgressEvery = 50,
        };

        // The isolation keeps the initial weights, so it is made before the check trains the model.
        var isolation = isolate ? new Isolation(checkCase, optimizer, options with { Progress = null }) : null;
        var report = SingleBatchCheck.Run(checkCase, optimizer, options);
        progress?.Finish();
        if (!report.Memorized && isolation is not null && isolation.Components.Count > 0)
        {
            // Only a terminal is told of the wait: a script's stderr keeps the one-line contract of a failure.
            if (!settings.Quiet && interactive)
            {
                stderr.WriteLine($"onebatch: not memorized; isolating the cause ({string.Join(", ", isolation.Components)})...");
            }

            isolation.Run(report);
        }

        OutputTargets.Write(jsonOut is null ? settings.ReportPath : null, stream => ReportJson.Write(report, stream), settings.PlotPath, () => LossPlot.Render(report, checkCase.Name));

        ResultPrinter.Print(report, stdout, settings.Quiet);
        if (jsonOut is not null)
        {
            jsonOut.WriteLine(ReportJson.ToJson(report));
            jsonOut.Flush();
        }

        return report.Memorized ? ExitCodes.Memorized : ExitCodes.NotMemorized;
    }

    // The optimizer with the settings it was given (by the file or the command line), and whose it is:
    // "adam(learning_rate=0.001, clipnorm=1) of the model file".
    private static string Describe(IReadOnlyList<SettingSource> settings)
    {
        var optimizer = settings.First(s => s.Name == "optimizer");
        var given = settings
            .Where(s => s.Name == "learningRate" || (s.Name.StartsWith("optimizer.", StringComparison.Ordinal) && s.From != SettingSource.Default && s.Value != "null"))
            .Select(s => $"{(s.Name == "learningRate" ? "learning_rate" : s.Name["optimizer.".Length..])}={Short(s.Value)}");
        string whose = optimizer.From == SettingSource.File ? " of the model file" : string.Empty;
        return $"{optimizer.Value}({string.Join(", ", given)}){whose}";
    }

    // A schedule's whole configuration (the report has it) by its class name alone.
    private static string Short(string value) =>
        value.StartsWith('{') && System.Text.RegularExpressions.Regex.Match(value, "\"class_name\":\"(\\w+)\"") is { Success: true } m ? m.Groups[1].Value : value;

    // "about 16.3 MB of memory, ": the loader's estimate, or one from the built model (a demo's).
    private static string Memory(CheckCase checkCase)
    {
        var estimate = checkCase.MemoryEstimate
            ?? (checkCase.Model.Built && checkCase.Optimizer is { } o ? MemoryEstimate.For(checkCase.Model, checkCase.Inputs[0].Shape[0], o) : null);
        return estimate is null ? string.Empty : $"about {MemoryEstimate.Format(estimate.Bytes)} of memory, ";
    }
}
