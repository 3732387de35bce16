using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>output_range_mismatch</c>: some targets of an output lie outside the range its activation can produce (a ReLU
/// output with negative targets, a sigmoid/softmax with targets outside [0, 1]), and the loss floor this predicts
/// (each such target met at best by the nearest bound) is above the output's target loss.
/// </summary>
public sealed class OutputRangeMismatchRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.OutputRangeMismatch;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        foreach (var output in evidence.Outputs)
        {
            if (Diagnose(output, evidence.Outputs.Count > 1) is { } d)
            {
                return d;
            }
        }

        return null;
    }

    private Diagnosis? Diagnose(OutputEvidence output, bool named)
    {
        // Class indices are not values the output takes; and logits have no range.
        if (output.Loss.FromLogits || output.Loss.TargetsAreClassIndices || output.Range is not { } bounds)
        {
            return null;
        }

        var (low, high) = bounds;
        var t = output.Targets.ReadOnlySpan;
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

        float floor = output.Loss.FloorWithin(output.Targets, low, high);
        if (float.IsFinite(floor) && floor <= output.TargetLoss)
        {
            return null;
        }

        string range = float.IsPositiveInfinity(high) ? $"[{low}, inf)" : $"[{low}, {high}]";
        string fix = output.Activation == "relu" || float.IsPositiveInfinity(high)
            ? "use a linear output (no activation) for targets that can be negative"
            : "use a linear output, or rescale the targets into the activation's range";
        string floorText = float.IsFinite(floor) ? $"; the loss cannot go below {Text(floor)} (reached {Text(output.FinalLoss)})" : string.Empty;
        string which = named ? $" of output '{output.Name}'" : string.Empty;
        return new Diagnosis(
            Code,
            $"{below + above} of {t.Length} targets{which} ({Percent((below + above) / (double)t.Length)}) lie outside {range}, all a {output.Activation} output can produce " +
            $"(targets span [{Text(TensorPrimitives.Min(t))}, {Text(TensorPrimitives.Max(t))}]){floorText}: {fix}.",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["outputActivation"] = output.Activation,
                ["outputRange"] = range,
                ["targetsOutside"] = below + above,
                ["targets"] = t.Length,
                ["targetMin"] = Number(TensorPrimitives.Min(t)),
                ["targetMax"] = Number(TensorPrimitives.Max(t)),
                ["predictedFloor"] = float.IsFinite(floor) ? Number(floor) : null,
                ["finalLoss"] = Number(output.FinalLoss),
            });
    }
}
