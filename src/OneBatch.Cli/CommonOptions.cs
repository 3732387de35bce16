using System.CommandLine;
using OneBatch.Check;
using OneBatch.Optimizers;

namespace OneBatch.Cli;

/// <summary>The settings every check takes.</summary>
internal sealed record CheckSettings(string Optimizer, float? LearningRate, int Steps, bool EarlyStop, int Seed, string? ReportPath, string? PlotPath, bool Quiet);

/// <summary>The options shared by <c>demo</c> and <c>check</c>, with their defaults stated once.</summary>
internal sealed class CommonOptions
{
    private readonly Option<string> _optimizer = new("--optimizer") { Description = $"{Optimizer.Registry.Describe()} (default adam)", DefaultValueFactory = _ => "adam" };
    private readonly Option<float?> _lr = new("--lr") { Description = "Learning rate (default: the optimizer's Keras default; adam 0.001)" };
    private readonly Option<int> _steps = new("--steps") { Description = "Maximum training steps", DefaultValueFactory = _ => CheckOptions.DefaultMaxSteps };
    private readonly Option<bool> _noEarlyStop = new("--no-early-stop") { Description = "Run every step even once the batch is memorized" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed for the batch and the initial weights", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _report = new("--report") { Description = "Write the JSON report to this file" };
    private readonly Option<string?> _plot = new("--plot") { Description = "Draw the loss curve to this PNG file" };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Print only the verdict line" };

    public void AddTo(Command command)
    {
        command.Options.Add(_optimizer);
        command.Options.Add(_lr);
        command.Options.Add(_steps);
        command.Options.Add(_noEarlyStop);
        command.Options.Add(_seed);
        command.Options.Add(_report);
        command.Options.Add(_plot);
        command.Options.Add(_quiet);
    }

    public CheckSettings Read(ParseResult parse)
    {
        string optimizer = parse.GetValue(_optimizer)!.ToLowerInvariant();
        if (!Optimizer.Registry.TryGet(optimizer, out _))
        {
            throw new UsageException($"--optimizer: unknown optimizer '{optimizer}'; choose one of {Optimizer.Registry.Describe(", ")}.");
        }

        float? lr = parse.GetValue(_lr);
        if (lr is float l && !(l > 0f && float.IsFinite(l)))
        {
            throw new UsageException($"--lr must be a positive number; got {l}.");
        }

        int steps = parse.GetValue(_steps);
        if (steps < 1)
        {
            throw new UsageException($"--steps must be at least 1; got {steps}.");
        }

        string? report = OutputPath(parse.GetValue(_report), "--report");
        string? plot = OutputPath(parse.GetValue(_plot), "--plot");
        return new CheckSettings(optimizer, lr, steps, !parse.GetValue(_noEarlyStop), parse.GetValue(_seed), report, plot, parse.GetValue(_quiet));
    }

    private static string? OutputPath(string? path, string option)
    {
        if (path is null)
        {
            return null;
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{option}: the folder '{folder}' does not exist.");
        }

        if (Directory.Exists(full))
        {
            throw new UsageException($"{option}: '{path}' is a folder; give a file name.");
        }

        return path;
    }
}
