using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>softmax_before_logits_loss</c>: the loss expects logits but the output is a softmax or sigmoid (values in
/// [0, 1]): such a loss has a floor above zero (ln(1 + (C-1)/e) for one-hot targets over C classes), and the run sits
/// on it. Fires when the predictions measured lie in [0, 1], the floor is above the target, and the loss reached is
/// at least <see cref="FloorShare"/> of the floor.
/// </summary>
public sealed class SoftmaxBeforeLogitsLossRule : IDiagnosisRule
{
    public const float FloorShare = 0.9f;

    public string Code => DiagnosisCodes.SoftmaxBeforeLogitsLoss;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (!evidence.Loss.FromLogits || evidence.OutputActivation is not ("softmax" or "sigmoid") || evidence.Predictions is not { } p)
        {
            return null;
        }

        var values = p.ReadOnlySpan;
        if (values.IsEmpty || TensorPrimitives.Min(values) < 0f || TensorPrimitives.Max(values) > 1f)
        {
            return null;
        }

        int classes = p.Shape.Last;
        float floor = LossFloors.ProbabilitiesAsLogits(evidence.Loss, evidence.Targets, classes);
        if (!(floor > evidence.TargetLoss) || !(evidence.FinalLoss >= FloorShare * floor))
        {
            return null;
        }

        return new Diagnosis(
            Code,
            $"The loss '{evidence.Loss.Name}' expects logits (fromLogits: true) but the last layer outputs {evidence.OutputActivation} probabilities: " +
            $"the loss cannot go below {Text(floor)}{(evidence.Loss is Losses.BinaryCrossentropy ? string.Empty : $" = ln(1 + ({classes}-1)/e)")} and the run stalled at {Text(evidence.FinalLoss)}. " +
            $"Remove the {evidence.OutputActivation} from the last layer, or use the loss with fromLogits: false.",
            new Dictionary<string, object?>
            {
                ["outputActivation"] = evidence.OutputActivation,
                ["fromLogits"] = true,
                ["predictedFloor"] = Number(floor),
                ["finalLoss"] = Number(evidence.FinalLoss),
                ["targetLoss"] = Number(evidence.TargetLoss),
            });
    }
}
