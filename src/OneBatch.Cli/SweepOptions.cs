using System.CommandLine;
using OneBatch.Check.Sweep;

namespace OneBatch.Cli;

/// <summary>What a sweep tries: <c>--optimizers</c> and <c>--lrs</c>, read into optimizers and rates (bad ones: one sentence naming the option).</summary>
internal sealed class SweepOptions
{
    private readonly Option<string> _optimizers = new("--optimizers")
    {
        CustomParser = OptionValue.Text,
        Description = $"Comma list of optimizers, each at Keras's defaults but the rate: {string.Join(", ", SweepOptimizer.Names)} ({SweepOptimizer.SgdMomentum}: SGD with momentum {SweepOptimizer.Momentum})",
        DefaultValueFactory = _ => string.Join(',', SweepOptimizer.DefaultNames),
    };

    private readonly Option<string> _lrs = new("--lrs")
    {
        CustomParser = OptionValue.Text,
        Description = "Learning rates: LOW:HIGH:COUNT, COUNT rates evenly spaced in log scale from LOW to HIGH, or a comma list (0.001,0.01)",
        DefaultValueFactory = _ => SweepGrid.Default,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_optimizers);
        command.Options.Add(_lrs);
    }

    public (IReadOnlyList<SweepOptimizer> Optimizers, IReadOnlyList<float> Rates) Read(ParseResult parse)
    {
        IReadOnlyList<SweepOptimizer> optimizers;
        try
        {
            optimizers = SweepOptimizer.Parse(parse.GetValue(_optimizers)!);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--optimizers: {e.Message}");
        }

        try
        {
            return (optimizers, SweepGrid.Parse(parse.GetValue(_lrs)!));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--lrs: {e.Message}");
        }
    }
}
