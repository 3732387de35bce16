using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>output_range_mismatch</c>: some targets lie outside the range the output activation can produce (a ReLU
/// output with negative targets, a sigmoid/softmax with targets outside [0, 1]), and the loss floor this predicts
/// (each such target met at best by the nearest bound) is above the target loss.
/// </summary>
public sealed class OutputRangeMismatchRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.OutputRangeMismatch;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.Loss.FromLogits || LossFloors.RangeOf(evidence.OutputActivation) is not { } bounds)
        {
            return null;
        }

        var (low, high) = bounds;

        var t = evidence.Targets.ReadOnlySpan;
        int below = 0, above = 0;
        foreach (float v in t)
        {
            below += v < low ? 1 : 0;
            above += v > high ? 1 : 0;
        }

        if (below + above == 0)
        {
            return null;
        }

        float floor = LossFloors.OutOfRange(evidence.Loss, evidence.Targets, low, high);
        if (float.IsFinite(floor) && floor <= evidence.TargetLoss)
        {
            return null;
        }

        string range = float.IsPositiveInfinity(high) ? $"[{low}, inf)" : $"[{low}, {high}]";
        string fix = evidence.OutputActivation == "relu" || float.IsPositiveInfinity(high)
            ? "use a linear output (no activation) for targets that can be negative"
            : "use a linear output, or rescale the targets into the activation's range";
        string floorText = float.IsFinite(floor) ? $"; the loss cannot go below {Text(floor)} (reached {Text(evidence.FinalLoss)})" : string.Empty;
        return new Diagnosis(
            Code,
            $"{below + above} of {t.Length} targets ({Percent((below + above) / (double)t.Length)}) lie outside {range}, all a {evidence.OutputActivation} output can produce " +
            $"(targets span [{Text(TensorPrimitives.Min(t))}, {Text(TensorPrimitives.Max(t))}]){floorText}: {fix}.",
            new Dictionary<string, object?>
            {
                ["outputActivation"] = evidence.OutputActivation,
                ["outputRange"] = range,
                ["targetsOutside"] = below + above,
                ["targets"] = t.Length,
                ["targetMin"] = Number(TensorPrimitives.Min(t)),
                ["targetMax"] = Number(TensorPrimitives.Max(t)),
                ["predictedFloor"] = float.IsFinite(floor) ? Number(floor) : null,
                ["finalLoss"] = Number(evidence.FinalLoss),
            });
    }
}
