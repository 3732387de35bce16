using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>weights_not_updated</c>: trainable weights received a nonzero gradient at a sampled step, yet after at least
/// one update their value is bit for bit what it was: the optimizer was not given them, or their learning rate is 0.
/// </summary>
public sealed class WeightsNotUpdatedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.WeightsNotUpdated;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.Steps < 1)
        {
            return null;
        }

        var stuck = evidence.Variables.Where(v => v.LargestGradientNorm > 0f && float.IsFinite(v.LargestGradientNorm) && !v.Changed).ToArray();
        if (stuck.Length == 0)
        {
            return null;
        }

        string which = stuck.Length == evidence.Variables.Count
            ? "No trainable weight changed"
            : $"{stuck.Length} of {evidence.Variables.Count} trainable weights never changed";
        string lr = evidence.LearningRate == 0f ? " (the learning rate is 0)" : string.Empty;
        return new Diagnosis(
            Code,
            $"{which} in {evidence.Steps} steps although they receive gradient ({string.Join(", ", stuck.Take(6).Select(v => v.Name))}): " +
            $"the optimizer was not given them, or their learning rate is 0{lr}. Pass every trainable variable to the optimizer with a positive learning rate.",
            new Dictionary<string, object?>
            {
                ["variables"] = stuck.Select(v => v.Name).ToArray(),
                ["largestGradientNorm"] = stuck.ToDictionary(v => v.Name, v => Number(v.LargestGradientNorm)),
                ["learningRate"] = Number(evidence.LearningRate),
                ["steps"] = evidence.Steps,
            });
    }
}
