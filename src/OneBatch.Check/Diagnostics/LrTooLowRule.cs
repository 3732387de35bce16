using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>lr_too_low</c>: the loss fell steadily (at most <see cref="LossCurveShape.SteadyShare"/> of the steps up, still
/// falling at the end) without reaching the target, and a higher rate, retrained briefly from the same start, reached
/// less than <see cref="Improvement"/> of the loss the whole run ended at. The probe is what separates a slow descent
/// from a plateau: on a plateau no rate does much better.
/// </summary>
public sealed class LrTooLowRule : IDiagnosisRule
{
    public const float Improvement = 0.5f;

    public string Code => DiagnosisCodes.LrTooLow;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (!evidence.Curve.FallsSteadily || evidence.Probe is not { } probe)
        {
            return null;
        }

        var best = probe.Rates.Where(r => r.LearningRate > evidence.LearningRate && float.IsFinite(r.Loss)).OrderBy(r => r.Loss).FirstOrDefault();
        if (best is null || !(best.Loss < Improvement * evidence.FinalLoss))
        {
            return null;
        }

        return new Diagnosis(
            Code,
            $"The loss falls steadily but far too slowly at learning rate {Text(evidence.LearningRate)} ({Text(evidence.InitialLoss)} -> {Text(evidence.FinalLoss)} in {evidence.Steps} steps, target {Text(evidence.TargetLoss)}): " +
            $"raise it to {Text(best.LearningRate)} ({Factor(best.LearningRate / evidence.LearningRate)} higher). From the same start, {Text(best.LearningRate)} reached loss {Text(best.Loss)} in {best.Steps} steps.",
            new Dictionary<string, object?>
            {
                ["learningRate"] = Number(evidence.LearningRate),
                ["suggestedLearningRate"] = Number(best.LearningRate),
                ["initialLoss"] = Number(evidence.InitialLoss),
                ["finalLoss"] = Number(evidence.FinalLoss),
                ["steps"] = evidence.Steps,
                ["probeSteps"] = best.Steps,
                ["probeLoss"] = Number(best.Loss),
                ["probed"] = probe.Rates.ToDictionary(r => Text(r.LearningRate), r => Number(r.Loss)),
            });
    }
}
