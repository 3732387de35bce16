using OneBatch.Losses;
using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>unscaled_targets</c>: a regression output whose targets are far from unit scale (their root mean square at least
/// <see cref="Scale"/>), which the output can produce (an unbounded output, or a bounded one whose range holds them:
/// otherwise it is <c>output_range_mismatch</c>). Weights start near unit scale and an optimizer such as Adam moves
/// each by about the learning rate per step, so reaching targets in the thousands takes far more steps than the
/// check has, and the large errors push ReLU units off on the way: the learning rate looks too low and units die, both
/// symptoms of the targets' scale (<see cref="Explains"/>). The fix is to standardize the targets.
/// </summary>
public sealed class UnscaledTargetsRule : IRootCauseRule
{
    /// <summary>The root mean square of the targets from which they count as far from unit scale.</summary>
    public const double Scale = 10;

    public string Code => DiagnosisCodes.UnscaledTargets;

    public IReadOnlyList<string> Explains { get; } =
        [DiagnosisCodes.LrTooLow, DiagnosisCodes.LrTooHigh, DiagnosisCodes.DeadGradient, DiagnosisCodes.InputIgnored];

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        foreach (var output in evidence.Outputs)
        {
            if (Diagnose(output, evidence) is { } d)
            {
                return d;
            }
        }

        return null;
    }

    private Diagnosis? Diagnose(OutputEvidence output, RunEvidence evidence)
    {
        if (output.Loss.IsClassification || output.Weight == 0f || output.Targets.Size == 0 || !(output.FinalLoss > output.TargetLoss))
        {
            return null;
        }

        var stats = TargetStatistics.Of(output.Targets);
        if (!(stats.Scale >= Scale) || !WithinRange(output))
        {
            return null;
        }

        double? standardized = output.Loss switch
        {
            MeanSquaredError when stats.MeanColumnVariance > 0 => output.FinalLoss / stats.MeanColumnVariance,
            MeanAbsoluteError when stats.MeanColumnVariance > 0 => output.FinalLoss / Math.Sqrt(stats.MeanColumnVariance),
            _ => null,
        };
        string which = evidence.Outputs.Count > 1 ? $" of output '{output.Name}'" : string.Empty;
        string inUnits = standardized is double z
            ? $" The final loss {Text(output.FinalLoss)} is {Text(z)} in standardized units ({(output.Loss is MeanSquaredError ? "loss / variance of the targets" : "loss / standard deviation of the targets")}; memorized is below {Text(output.TargetLoss / (output.Loss is MeanSquaredError ? stats.MeanColumnVariance : Math.Sqrt(stats.MeanColumnVariance)))})."
            : string.Empty;
        return new Diagnosis(
            Code,
            $"The regression targets{which} are far from unit scale: mean {Text(stats.Mean)}, standard deviation {Text(stats.Std)} (about {Factor(stats.Scale)} unit scale). " +
            $"Weights start near unit scale and {evidence.Optimizer} at learning rate {Text(evidence.LearningRate)} moves them slowly, so the outputs cannot reach the targets in {evidence.Steps} steps: " +
            $"standardize the targets (y - {Text(stats.Mean)}) / {Text(Math.Max(stats.Std, 1e-12))} and undo it on the predictions.{inUnits}",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["targetMean"] = Number(stats.Mean),
                ["targetStd"] = Number(stats.Std),
                ["targetScale"] = Number(stats.Scale),
                ["loss"] = output.Loss.Name,
                ["finalLoss"] = Number(output.FinalLoss),
                ["standardizedFinalLoss"] = standardized is double s ? Number(s) : null,
                ["learningRate"] = Number(evidence.LearningRate),
            });
    }

    private static bool WithinRange(OutputEvidence output)
    {
        if (output.Range is not { } range)
        {
            return true;
        }

        var t = output.Targets.ReadOnlySpan;
        return TensorPrimitives.Min(t) >= range.Low && TensorPrimitives.Max(t) <= range.High;
    }
}
