using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>vanishing_gradient</c>: over at least <see cref="MinimumLayers"/> trainable layers along the longest path from
/// an input to an output (the main path of a graph; side branches and skip connections are off it), the gradient per
/// weight (root mean square) of the first layer is below <see cref="Ratio"/> of the last layer's at step 0, before training
/// moved anything (at the end of a stalled run every gradient is small, so the end proves nothing). Layers with no
/// gradient at all are <c>dead_gradient</c>'s, not this rule's.
/// </summary>
public sealed class VanishingGradientRule : IDiagnosisRule
{
    public const int MinimumLayers = 3;

    public const float Ratio = 1e-3f;

    public string Code => DiagnosisCodes.VanishingGradient;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var trainable = evidence.Layers
            .Where(l => l.GradientNorms is { Count: > 0 } && l.LongestPathPosition is not null)
            .OrderBy(l => l.LongestPathPosition)
            .ToArray();
        if (trainable.Length < MinimumLayers)
        {
            return null;
        }

        var first = trainable[0];
        var last = trainable[^1];
        int end = first.GradientNorms!.Count - 1;
        float startRatio = first.GradientRms(0) / last.GradientRms(0);
        float endRatio = first.GradientRms(end) / last.GradientRms(end);
        if (!(startRatio > 0f && startRatio < Ratio))
        {
            return null;
        }

        var squashing = evidence.Layers.Count(l => l.LongestPathPosition is not null && l.Activation is "sigmoid" or "tanh");
        return new Diagnosis(
            Code,
            $"Gradients shrink by {Text(-Math.Log10(startRatio))} orders of magnitude from the last layer '{last.Name}' to the first '{first.Name}' " +
            $"(per weight {Text(last.GradientRms(0))} vs {Text(first.GradientRms(0))} at step 0) across {trainable.Length} layers ({squashing} sigmoid/tanh): the early layers barely learn. " +
            "Use ReLU activations (with He initialization), fewer layers, or normalization between layers.",
            new Dictionary<string, object?>
            {
                ["firstToLastRatioStart"] = Number(startRatio),
                ["firstToLastRatioEnd"] = Number(endRatio),
                ["gradientRmsStart"] = PerLayer(trainable.Select(l => (l.Name, (double)l.GradientRms(0)))),
                ["gradientNormStart"] = PerLayer(trainable.Select(l => (l.Name, (double)l.GradientNormStart!.Value))),
                ["gradientNormEnd"] = PerLayer(trainable.Select(l => (l.Name, (double)l.GradientNormEnd!.Value))),
            });
    }
}
