using OneBatch.Check.Diagnostics;

namespace OneBatch.Check.Sweep;

/// <summary>One check of a sweep: an optimizer at a learning rate, and what came of it.</summary>
public sealed class SweepRun
{
    /// <summary>The run's place in the grid (optimizers in their order, each over the rates lowest first).</summary>
    public required int Index { get; init; }

    /// <summary>The sweep's name for the optimizer (<c>adam</c>, <c>sgd-momentum</c>, ...).</summary>
    public required string Optimizer { get; init; }

    /// <summary>The optimizer's whole configuration, with Keras's keys.</summary>
    public required IReadOnlyList<KeyValuePair<string, object?>> OptimizerConfig { get; init; }

    public required float LearningRate { get; init; }

    /// <summary><c>memorized</c> or <c>not_memorized</c>.</summary>
    public required string Verdict { get; init; }

    public bool Memorized => Verdict == CheckReport.MemorizedVerdict;

    public required int? MemorizedAtStep { get; init; }

    /// <summary>Updates applied.</summary>
    public required int Steps { get; init; }

    public required float FinalLoss { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Why the batch was not memorized (empty for a memorized run).</summary>
    public required IReadOnlyList<Diagnosis> Diagnoses { get; init; }

    /// <summary>(step, loss) as the check recorded it.</summary>
    public required IReadOnlyList<(int Step, float Loss)> LossCurve { get; init; }

    public IEnumerable<string> DiagnosisCodes => Diagnoses.Select(d => d.Code);

    public static SweepRun From(int index, string optimizer, CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new SweepRun
        {
            Index = index,
            Optimizer = optimizer,
            OptimizerConfig = report.OptimizerConfig,
            LearningRate = report.LearningRate,
            Verdict = report.Verdict,
            MemorizedAtStep = report.MemorizedAtStep,
            Steps = report.Steps,
            FinalLoss = report.FinalLoss,
            Seconds = report.Seconds,
            Diagnoses = report.Diagnoses,
            LossCurve = report.LossCurve,
        };
    }
}
