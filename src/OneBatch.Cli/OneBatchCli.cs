using System.CommandLine;
using System.Globalization;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Plot;
using OneBatch.Optimizers;

namespace OneBatch.Cli;

/// <summary>
/// The <c>onebatch</c> command: parses arguments, runs the check with progress, prints the result and returns the
/// exit code (0 memorized, 1 not memorized, 2 bad usage or bad input: one sentence, never a stack trace).
/// </summary>
public static class OneBatchCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var options = new CommonOptions();
        var root = new RootCommand("OneBatch: prove a model and its training loop can learn by memorizing one fixed batch.");
        var demo = new Command("demo", $"Run one of the seed article's examples: {string.Join(", ", SeedDemos.Names)}.");
        var demoName = new Argument<string>("name") { Description = string.Join(" | ", SeedDemos.Names) };
        demo.Arguments.Add(demoName);
        options.AddTo(demo);
        demo.SetAction(parse => Guarded(stderr, () =>
        {
            string name = parse.GetValue(demoName)!;
            var settings = options.Read(parse);
            if (!SeedDemos.Names.Contains(name))
            {
                throw new UsageException($"Unknown demo '{name}': choose one of {string.Join(", ", SeedDemos.Names)}.");
            }

            var d = SeedDemos.Create(name, settings.Seed);
            return RunCheck(d, settings, stdout, stderr, interactive);
        }));
        root.Subcommands.Add(demo);
        root.Subcommands.Add(CheckCommand.Create(options, stdout, stderr, interactive));

        if (args.Length == 0)
        {
            stderr.WriteLine("onebatch: no command given: run 'onebatch demo regression', 'onebatch check --model ...', or 'onebatch --help'.");
            return ExitCodes.BadInput;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // An unrecognized word is the most useful thing to name (not "Required command was not provided").
            var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            stderr.WriteLine($"onebatch: {error.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Not bad input and not a verdict: a failure of OneBatch itself, still one line and no stack trace.
            stderr.WriteLine($"onebatch: internal error ({e.GetType().Name}): {e.Message} Please report it.");
            return ExitCodes.InternalError;
        }
    }

    internal static int Guarded(TextWriter stderr, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is UsageException or ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            stderr.WriteLine($"onebatch: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static StagedFile? Stage(string option, string? path, Action<Stream> write)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return AtomicFile.Stage(path, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot write '{path}': {e.Message}");
        }
    }

    internal static int RunCheck(Demo demo, CheckSettings settings, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var optimizer = Optimizer.Get(settings.Optimizer, settings.LearningRate);
        var progress = settings.Quiet ? null : new ProgressPrinter(stderr, interactive);
        if (!settings.Quiet)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"onebatch: {demo.Name}: {demo.Model.CountParams():N0} parameters, batch {demo.X.Shape}, loss {demo.Loss.Name}, {optimizer}, up to {settings.Steps} steps, seed {settings.Seed}"));
        }

        var report = SingleBatchCheck.Run(demo.Model, demo.X, demo.Y, demo.Loss, optimizer, new CheckOptions
        {
            MaxSteps = settings.Steps,
            EarlyStop = settings.EarlyStop,
            Seed = settings.Seed,
            Progress = progress is null ? null : progress.Report,
            ProgressEvery = 50,
        });
        progress?.Finish();

        // Both outputs are written in full under temporary names before either is moved into place, so a failure in
        // one leaves no file behind.
        byte[]? png = settings.PlotPath is null ? null : LossPlot.Render(report, demo.Name);
        using (var reportFile = Stage("--report", settings.ReportPath, stream => ReportJson.Write(report, stream)))
        using (var plotFile = Stage("--plot", settings.PlotPath, stream => stream.Write(png)))
        {
            reportFile?.Commit();
            plotFile?.Commit();
        }

        ResultPrinter.Print(report, stdout, settings.Quiet);
        return report.Memorized ? ExitCodes.Memorized : ExitCodes.NotMemorized;
    }
}
