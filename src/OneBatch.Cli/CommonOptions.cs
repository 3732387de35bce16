using System.CommandLine;
using System.Globalization;
using OneBatch.Check;
using OneBatch.IO.Keras;
using OneBatch.Optimizers;

namespace OneBatch.Cli;

/// <summary>The settings every check takes.</summary>
internal sealed record CheckSettings(OptimizerSettings Optimizer, int Steps, bool EarlyStop, int Seed, string? ReportPath, string? PlotPath, bool Quiet)
{
    /// <summary>The <c>--report</c> path that means standard output.</summary>
    public const string StandardOutput = "-";

    /// <summary>True for <c>--report -</c>: the JSON report goes to standard output and everything else to standard error.</summary>
    public bool ReportToStandardOutput => ReportPath == StandardOutput;

    /// <summary>The <c>--max-memory</c> limit in bytes (null: what the machine has available).</summary>
    public long? MaxMemory { get; init; }
}

/// <summary>The settings of any command that trains: the step limit, the seed, the outputs.</summary>
internal sealed record RunSettings(int Steps, int Seed, string? ReportPath, string? PlotPath, bool Quiet)
{
    /// <summary>The <c>--max-memory</c> limit in bytes, or null when not given.</summary>
    public long? MaxMemory { get; init; }
}

/// <summary>
/// The options shared by <c>demo</c> and <c>check</c>, with their defaults stated once; the run options among them
/// (<c>--steps --seed --report --plot --quiet</c>) are shared by <c>sweep</c> too (<see cref="AddRunOptionsTo"/>).
/// </summary>
internal sealed class CommonOptions
{
    private readonly Option<string?> _optimizer = new("--optimizer") { CustomParser = OptionValue.Text, Description = $"{Optimizer.Registry.Describe()}, at Keras's defaults (default: the model file's compiled optimizer with its settings, else adam)" };
    private readonly Option<float?> _lr = new("--lr") { CustomParser = OptionValue.OptionalFloat, Description = "Learning rate (default: the file's optimizer's, else the optimizer's Keras default; adam 0.001)" };
    private readonly Option<float?> _momentum = new("--momentum") { CustomParser = OptionValue.OptionalFloat, Description = "Momentum in [0, 1] (sgd, rmsprop)" };
    private readonly Option<bool> _nesterov = new("--nesterov") { Description = "Nesterov momentum (sgd)" };
    private readonly Option<float?> _clipNorm = new("--clipnorm") { CustomParser = OptionValue.OptionalFloat, Description = "Clip each gradient to this L2 norm (> 0)" };
    private readonly Option<float?> _weightDecay = new("--weight-decay") { CustomParser = OptionValue.OptionalFloat, Description = "Decoupled weight decay, w -= w * weight_decay * lr each step (>= 0)" };
    private readonly Option<int> _steps = new("--steps") { CustomParser = OptionValue.Int, Description = "Maximum training steps", DefaultValueFactory = _ => CheckOptions.DefaultMaxSteps };
    private readonly Option<bool> _noEarlyStop = new("--no-early-stop") { Description = "Run every step even once the batch is memorized" };
    private readonly Option<int> _seed = new("--seed") { CustomParser = OptionValue.Int, Description = "Seed for the batch and the initial weights", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _report = new("--report") { CustomParser = OptionValue.FileName, Description = "Write the JSON report to this file; for demo and check, '-' writes it to standard output (and the rest to standard error)" };
    private readonly Option<string?> _plot = new("--plot") { CustomParser = OptionValue.FileName, Description = "Draw a PNG to this file: the loss curve (sweep: steps to memorize against the learning rate)" };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Print only the verdict line" };
    private readonly Option<string?> _maxMemory = new("--max-memory") { CustomParser = OptionValue.Text, Description = "The most memory the check may need (512M, 2G, 1.5GB, bytes; default: what the machine has available): a bigger model or batch is refused before training" };

    public void AddTo(Command command)
    {
        command.Options.Add(_optimizer);
        command.Options.Add(_lr);
        command.Options.Add(_momentum);
        command.Options.Add(_nesterov);
        command.Options.Add(_clipNorm);
        command.Options.Add(_weightDecay);
        command.Options.Add(_steps);
        command.Options.Add(_noEarlyStop);
        command.Options.Add(_seed);
        command.Options.Add(_report);
        command.Options.Add(_plot);
        command.Options.Add(_quiet);
        command.Options.Add(_maxMemory);
    }

    /// <summary>
    /// All but the options of one training run (<c>--lr</c>, <c>--steps</c>, <c>--no-early-stop</c>): for
    /// <c>lr-find</c>, which chooses its rates and steps itself. <see cref="Read"/> then sees those at their defaults.
    /// </summary>
    public void AddExceptTrainingTo(Command command)
    {
        command.Options.Add(_optimizer);
        command.Options.Add(_momentum);
        command.Options.Add(_nesterov);
        command.Options.Add(_clipNorm);
        command.Options.Add(_weightDecay);
        AddOutputOptionsTo(command);
    }

    /// <summary>Adds only the run options: for a command that chooses its own optimizers and rates.</summary>
    public void AddRunOptionsTo(Command command)
    {
        command.Options.Add(_steps);
        AddOutputOptionsTo(command);
    }

    /// <param name="reportToStandardOutput">The command can write its report to standard output (<c>--report -</c>).</param>
    public RunSettings ReadRun(ParseResult parse, bool reportToStandardOutput = false)
    {
        // A command without --steps (lr-find) reads the default.
        int steps = parse.GetResult(_steps) is null ? CheckOptions.DefaultMaxSteps : parse.GetValue(_steps);
        if (steps < 1)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--steps must be at least 1; got {steps}."));
        }

        if (parse.GetValue(_report) is CheckSettings.StandardOutput && !reportToStandardOutput)
        {
            throw new UsageException("--report: '-' (standard output) is for demo and check; give a file name.");
        }

        if (parse.GetValue(_plot) is CheckSettings.StandardOutput)
        {
            throw new UsageException("--plot: a PNG cannot go to standard output ('-'); give a file name.");
        }

        string? report = parse.GetValue(_report);
        string? plot = parse.GetValue(_plot);
        OutputTargets.Check(report, plot);
        return new RunSettings(steps, parse.GetValue(_seed), report, plot, parse.GetValue(_quiet)) { MaxMemory = ReadMaxMemory(parse) };
    }

    /// <param name="reportToStandardOutput">The command can write its report to standard output (<c>--report -</c>): demo and check.</param>
    public CheckSettings Read(ParseResult parse, bool reportToStandardOutput = true)
    {
        string? optimizer = parse.GetValue(_optimizer)?.ToLowerInvariant();
        if (optimizer is not null && !Optimizer.Registry.TryGet(optimizer, out _))
        {
            throw new UsageException($"--optimizer: unknown optimizer '{optimizer}'; choose one of {Optimizer.Registry.Describe(", ")}.");
        }

        float? momentum = parse.GetValue(_momentum);
        if (momentum is float m && !(m >= 0f && m <= 1f))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--momentum must be in [0, 1]; got {m}."));
        }

        float? clipNorm = parse.GetValue(_clipNorm);
        if (clipNorm is float c && !(c > 0f && float.IsFinite(c)))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--clipnorm must be a positive number; got {c}."));
        }

        float? weightDecay = parse.GetValue(_weightDecay);
        if (weightDecay is float wd && !(wd >= 0f && float.IsFinite(wd)))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--weight-decay must be a number >= 0; got {wd}."));
        }

        float? lr = parse.GetValue(_lr);
        if (lr is float l && !(l > 0f && float.IsFinite(l)))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--lr must be a positive number; got {l}."));
        }

        var run = ReadRun(parse, reportToStandardOutput);
        var optimizerSettings = new OptimizerSettings(optimizer, lr, momentum, parse.GetValue(_nesterov) ? true : null, clipNorm, weightDecay);
        return new CheckSettings(optimizerSettings, run.Steps, !parse.GetValue(_noEarlyStop), run.Seed, run.ReportPath, run.PlotPath, run.Quiet) { MaxMemory = run.MaxMemory };
    }

    private void AddOutputOptionsTo(Command command)
    {
        command.Options.Add(_seed);
        command.Options.Add(_report);
        command.Options.Add(_plot);
        command.Options.Add(_quiet);
        command.Options.Add(_maxMemory);
    }

    private long? ReadMaxMemory(ParseResult parse) => parse.GetValue(_maxMemory) is string size ? MemorySize.Parse(size) : null;
}
