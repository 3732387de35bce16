using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>softmax_before_logits_loss</c>: the loss of an output expects logits but the output is a softmax or sigmoid
/// (values in [0, 1]): such a loss has a floor above zero (ln(1 + (C-1)/e) for one-hot targets over C classes), and
/// the run sits on it. Fires when the predictions measured lie in [0, 1], the floor is above the output's target,
/// and the loss reached is at least <see cref="FloorShare"/> of the floor.
/// </summary>
public sealed class SoftmaxBeforeLogitsLossRule : IDiagnosisRule
{
    public const float FloorShare = 0.9f;

    public string Code => DiagnosisCodes.SoftmaxBeforeLogitsLoss;

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
        if (!output.Loss.FromLogits || output.Activation is not ("softmax" or "sigmoid") || output.Predictions is not { } p)
        {
            return null;
        }

        var values = p.ReadOnlySpan;
        if (values.IsEmpty || TensorPrimitives.Min(values) < 0f || TensorPrimitives.Max(values) > 1f)
        {
            return null;
        }

        int classes = p.Shape.Last;
        float floor = output.Loss.FloorOnProbabilities(output.Targets, classes);
        if (!(floor > output.TargetLoss) || !(output.FinalLoss >= FloorShare * floor))
        {
            return null;
        }

        string which = named ? $" of output '{output.Name}'" : string.Empty;
        return new Diagnosis(
            Code,
            $"The loss '{output.Loss.Name}'{which} expects logits (fromLogits: true) but the last layer outputs {output.Activation} probabilities: " +
            $"the loss cannot go below {Text(floor)}{(output.Loss is Losses.BinaryCrossentropy ? string.Empty : $" = ln(1 + ({classes}-1)/e)")} and the run stalled at {Text(output.FinalLoss)}. " +
            $"Remove the {output.Activation} from the last layer, or use the loss with fromLogits: false.",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["outputActivation"] = output.Activation,
                ["fromLogits"] = true,
                ["predictedFloor"] = Number(floor),
                ["finalLoss"] = Number(output.FinalLoss),
                ["targetLoss"] = Number(output.TargetLoss),
            });
    }
}
