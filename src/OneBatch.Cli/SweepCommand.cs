using System.CommandLine;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;

namespace OneBatch.Cli;

/// <summary>
/// <c>onebatch sweep demo NAME [options]</c> and <c>onebatch sweep --model M [--x X --y Y | --batch-size N] ... [options]</c>:
/// the whole check for every optimizer of <c>--optimizers</c> at every rate of <c>--lrs</c>, from the same initial
/// weights (see <see cref="SweepCli"/>). The model and batch are read and checked as <c>check</c> reads them, before
/// any training.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CommonOptions options, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var command = new Command("sweep", "Try optimizers and learning rates on the batch: the whole check for each, from the same initial weights, side by side on every core.");
        var inputs = new ModelInputOptions(modelRequired: false);
        var sweep = new SweepOptions();
        inputs.AddTo(command);
        sweep.AddTo(command);
        options.AddRunOptionsTo(command);

        var demo = new Command("demo", $"Sweep one of the seed article's examples: {string.Join(", ", SeedDemos.Names)}.");
        var name = new Argument<string>("name") { Description = string.Join(" | ", SeedDemos.Names) };
        demo.Arguments.Add(name);
        sweep.AddTo(demo);
        options.AddRunOptionsTo(demo);
        command.Subcommands.Add(demo);

        command.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            var run = options.ReadRun(parse);
            var (optimizers, rates) = sweep.Read(parse);
            if (!inputs.HasModel(parse))
            {
                throw new UsageException("sweep needs a model: give --model (with --x and --y, or --batch-size), or 'sweep demo NAME'.");
            }

            // The file's compiled optimizer is not used: the sweep chooses the optimizers.
            var files = inputs.Read(parse, new OptimizerSettings()) with { MaxMemory = run.MaxMemory };
            OutputTargets.CheckNotInputs(run.ReportPath, run.PlotPath, files);
            var first = CheckCaseLoader.Load(files, run.Seed);
            return SweepCli.Run(first, () => CheckCaseLoader.Load(files, run.Seed), optimizers, rates, run, stdout, stderr, interactive);
        }));

        demo.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            string demoName = parse.GetValue(name)!;
            var run = options.ReadRun(parse);
            var (optimizers, rates) = sweep.Read(parse);
            if (!SeedDemos.Names.Contains(demoName))
            {
                throw new UsageException($"Unknown demo '{demoName}': choose one of {string.Join(", ", SeedDemos.Names)}.");
            }

            return SweepCli.Run(SeedDemos.Create(demoName, run.Seed), () => SeedDemos.Create(demoName, run.Seed), optimizers, rates, run, stdout, stderr, interactive);
        }));
        return command;
    }
}
