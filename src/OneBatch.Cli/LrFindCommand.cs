using System.CommandLine;
using System.Globalization;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.IO.Plot;

namespace OneBatch.Cli;

/// <summary>
/// <c>onebatch lr-find demo NAME | --model M [--x X --y Y] ... [--start-lr 1e-7] [--end-lr 10] [--num-steps 100] [--optimizer ...] [--plot lr.png] [--report lr.json]</c>:
/// the learning-rate range test (<see cref="LearningRateFinder"/>) on the fixed batch, printing fastai's suggestions
/// with the recommended one. The case comes from one place (a <see cref="Func{CheckCase}"/> given to
/// <see cref="Run"/>), so other sources of a model and batch plug in beside <c>demo</c>. Exit 0 when a rate is
/// recommended, 1 when the curve gave none (the loss was not finite from the start), 2 on bad usage.
/// </summary>
internal static class LrFindCommand
{
    public static Command Create(CommonOptions options, TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("lr-find", "Find a learning rate: train one step per rate, rates growing exponentially, and suggest one (fastai's lr_find).");
        var range = new RangeOptions();
        var inputs = new ModelInputOptions(modelRequired: false);
        inputs.AddTo(command);
        options.AddExceptTrainingTo(command);
        range.AddTo(command);
        var demo = new Command("demo", $"On one of the seed article's examples: {string.Join(", ", SeedDemos.Names)}.");
        var name = new Argument<string>("name") { Description = string.Join(" | ", SeedDemos.Names) };
        demo.Arguments.Add(name);
        options.AddExceptTrainingTo(demo);
        range.AddTo(demo);
        demo.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            string demoName = parse.GetValue(name)!;
            var settings = options.Read(parse, reportToStandardOutput: false);
            var finder = range.Read(parse, settings.Seed);
            if (!SeedDemos.Names.Contains(demoName))
            {
                throw new UsageException($"Unknown demo '{demoName}': choose one of {string.Join(", ", SeedDemos.Names)}.");
            }

            return Run(() => SeedDemos.Create(demoName, settings.Seed), settings, finder, stdout, $"onebatch demo {demoName}");
        }));
        command.Subcommands.Add(demo);

        // The user's own model and batch, read and checked as check reads them (the file's compiled optimizer included).
        command.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            if (!inputs.HasModel(parse))
            {
                throw new UsageException("lr-find needs a model and its batch: give --model (with --x and --y, or none for a synthetic batch), or a demo, as in 'onebatch lr-find demo regression'.");
            }

            var settings = options.Read(parse, reportToStandardOutput: false);
            var finder = range.Read(parse, settings.Seed);
            var files = inputs.Read(parse, settings.Optimizer) with { MaxMemory = settings.MaxMemory };
            OutputTargets.CheckNotInputs(settings.ReportPath, settings.PlotPath, files);
            string again = string.Join(' ', new[] { $"onebatch check --model {ShellWord(files.Model)}", files.X is null ? null : $"--x {ShellWord(files.X)}", files.Y is null ? null : $"--y {ShellWord(files.Y)}" }.OfType<string>());
            return Run(() => CheckCaseLoader.Load(files, settings.Seed), settings, finder, stdout, again);
        }));
        return command;
    }

    /// <summary>
    /// Runs the test on the case <paramref name="makeCase"/> gives, writes the report and the plot (both staged before
    /// either is moved into place), prints the suggestions and returns the exit code.
    /// </summary>
    /// <param name="checkCommand">The command that checks the same case, for the line suggesting to train at the rate found.</param>
    internal static int Run(Func<CheckCase> makeCase, CheckSettings settings, LearningRateFinderOptions finder, TextWriter stdout, string checkCommand)
    {
        var checkCase = makeCase();
        var optimizer = checkCase.Optimizer ?? OptimizerChoice.Choose(settings.Optimizer).Optimizer;
        (checkCase.MemoryEstimate ?? MemoryEstimate.For(checkCase.Model, checkCase.Inputs[0].Shape[0], optimizer)).EnsureFits(settings.MaxMemory);
        var c = CultureInfo.InvariantCulture;
        if (!settings.Quiet)
        {
            string batch = string.Join(", ", checkCase.Inputs.Select(x => x.Shape.ToString()));
            stdout.WriteLine(string.Create(c,
                $"onebatch lr-find: {checkCase.Name}: {checkCase.Model.CountParams():N0} parameters, batch {batch}, loss {checkCase.Loss}, {optimizer.Name}, rates {Short(finder.StartLearningRate)} to {Short(finder.EndLearningRate)} over {finder.NumSteps} steps, seed {settings.Seed}"));
        }

        var result = LearningRateFinder.Run(checkCase, optimizer, finder);
        OutputTargets.Write(settings.ReportPath, stream => LearningRateReportJson.Write(result, stream), settings.PlotPath, () => LearningRatePlot.Render(result, checkCase.Name));

        Print(result, stdout, settings.Quiet, checkCommand);
        return result.Recommended is null ? ExitCodes.NotMemorized : ExitCodes.Memorized;
    }

    private static void Print(LearningRateFinderResult result, TextWriter o, bool quiet, string checkCommand)
    {
        var c = CultureInfo.InvariantCulture;
        string stopped = string.Create(c, $"{result.Steps} of {result.NumSteps} steps run; stopped ({result.StopCode}): {result.StopMessage}");
        if (result.Recommended is not { } recommended)
        {
            o.WriteLine($"NO LEARNING RATE SUGGESTED: the smoothed loss had fewer than 2 finite points; {stopped}");
            return;
        }

        o.WriteLine(string.Create(c, $"RECOMMENDED learning rate {Short(recommended.LearningRate)} ({recommended.Name})"));
        if (quiet)
        {
            return;
        }

        foreach (var s in result.Suggestions)
        {
            string mark = s.Name == recommended.Name ? "  <- recommended" : string.Empty;
            o.WriteLine(string.Create(c, $"  {s.Name,-11} {Short(s.LearningRate),-9} (smoothed loss {s.SmoothedLoss:G4} at step {s.Step}){mark}"));
        }

        o.WriteLine($"  {stopped}");
        o.WriteLine(string.Create(c, $"  {result.Seconds:F2} s; train at it: {checkCommand} --optimizer {result.Optimizer} --lr {Short(recommended.LearningRate)}"));
    }

    // 0.00123 or 1.23e-5: three significant digits, an exponent only where it is shorter.
    private static string Short(float value)
    {
        string text = value.ToString("G3", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..e]}e{int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)}");
    }

    /// <summary>The range test's own options, with their defaults (fastai's) stated once.</summary>
    private sealed class RangeOptions
    {
        private readonly Option<float> _start = new("--start-lr") { CustomParser = OptionValue.Float, Description = "The rate of the first step", DefaultValueFactory = _ => LearningRateFinderOptions.DefaultStartLearningRate };
        private readonly Option<float> _end = new("--end-lr") { CustomParser = OptionValue.Float, Description = "The rate of the last step", DefaultValueFactory = _ => LearningRateFinderOptions.DefaultEndLearningRate };
        private readonly Option<int> _steps = new("--num-steps") { CustomParser = OptionValue.Int, Description = $"Steps (rates) planned, at least {LearningRateFinderOptions.MinNumSteps}; the test stops earlier once the loss diverges", DefaultValueFactory = _ => LearningRateFinderOptions.DefaultNumSteps };

        public void AddTo(Command command)
        {
            command.Options.Add(_start);
            command.Options.Add(_end);
            command.Options.Add(_steps);
        }

        public LearningRateFinderOptions Read(ParseResult parse, int seed)
        {
            float start = parse.GetValue(_start);
            if (!(start > 0f && float.IsFinite(start)))
            {
                throw new UsageException($"--start-lr must be a positive number; got {start.ToString(CultureInfo.InvariantCulture)}.");
            }

            float end = parse.GetValue(_end);
            if (!(end > start && float.IsFinite(end)))
            {
                throw new UsageException($"--end-lr must be a number above --start-lr ({start.ToString(CultureInfo.InvariantCulture)}); got {end.ToString(CultureInfo.InvariantCulture)}.");
            }

            int steps = parse.GetValue(_steps);
            if (steps < LearningRateFinderOptions.MinNumSteps)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--num-steps must be at least {LearningRateFinderOptions.MinNumSteps}; got {steps}."));
            }

            return new LearningRateFinderOptions { StartLearningRate = start, EndLearningRate = end, NumSteps = steps, Seed = seed };
        }
    }

    // A path as one word a POSIX shell reads back unchanged: as it is when it holds only safe characters, else in
    // single quotes (a quote inside written '\'').
    internal static string ShellWord(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or ',' or '@' or '%')
            ? path
            : $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
