using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>lr_too_high</c>: the loss grew (ended above its start, spiked far above it, or went non-finite) or oscillated
/// (at least <see cref="LossCurveShape.OscillationShare"/> of the steps went up), and a lower rate, retrained briefly
/// from the same start, reached less than <see cref="Improvement"/> of the run's loss after as many steps. Without a
/// probe (an optimizer that cannot be recreated) a grown loss alone decides.
/// </summary>
public sealed class LrTooHighRule : IDiagnosisRule
{
    public const float Improvement = 0.5f;

    public string Code => DiagnosisCodes.LrTooHigh;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var curve = evidence.Curve;
        if (!curve.Grew && !curve.Oscillates)
        {
            return null;
        }

        string symptom = curve.Grew
            ? $"the loss grew from {Text(curve.Initial)} to {(float.IsFinite(curve.Final) ? Text(curve.Final) : curve.Final.ToString(System.Globalization.CultureInfo.InvariantCulture))} (peak {Text(curve.Peak)})"
            : $"the loss oscillates ({Percent(curve.StepUpShare)} of the steps go up)";
        var evidenceValues = new Dictionary<string, object?>
        {
            ["learningRate"] = Number(evidence.LearningRate),
            ["initialLoss"] = Number(curve.Initial),
            ["finalLoss"] = Number(curve.Final),
            ["peakLoss"] = Number(curve.Peak),
            ["stepsGoingUp"] = Number(curve.StepUpShare),
        };

        if (evidence.Probe is not { } probe)
        {
            return curve.Grew
                ? new Diagnosis(Code, $"At learning rate {Text(evidence.LearningRate)} {symptom}: lower the learning rate (try 10x lower).", evidenceValues)
                : null;
        }

        var best = probe.Rates.Where(r => r.LearningRate < evidence.LearningRate && float.IsFinite(r.Loss)).OrderBy(r => r.Loss).FirstOrDefault();
        float reference = float.IsFinite(probe.RunLoss) ? probe.RunLoss : float.PositiveInfinity;
        if (best is null || !(best.Loss < Improvement * reference))
        {
            return null;
        }

        evidenceValues["suggestedLearningRate"] = Number(best.LearningRate);
        evidenceValues["probeSteps"] = probe.Steps;
        evidenceValues["probeLoss"] = Number(best.Loss);
        evidenceValues["runLossAtProbeSteps"] = Number(probe.RunLoss);
        evidenceValues["probed"] = probe.Rates.ToDictionary(r => Text(r.LearningRate), r => Number(r.Loss));
        return new Diagnosis(
            Code,
            $"At learning rate {Text(evidence.LearningRate)} {symptom}: lower it to {Text(best.LearningRate)} ({Factor(evidence.LearningRate / best.LearningRate)} lower). " +
            $"From the same start, {Text(best.LearningRate)} reached loss {Text(best.Loss)} in {best.Steps} steps, against {Text(probe.RunLoss)} here.",
            evidenceValues);
    }
}
