using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>saturated_activation</c>: in some layer whose activation saturates (sigmoid, tanh, softsign, hard_sigmoid), at
/// least <see cref="Share"/> of the inputs sit beyond its limit (<see cref="LayerEvidence.SaturationLimit"/>: +-5 for
/// sigmoid and tanh, +-3 for Keras 3's hard_sigmoid) at the end of the run, where the derivative is almost or exactly 0.
/// </summary>
public sealed class SaturatedActivationRule : IDiagnosisRule
{
    public const float Share = 0.5f;

    public string Code => DiagnosisCodes.SaturatedActivation;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var saturated = evidence.Layers.Where(l => l.SaturatedShareEnd >= Share).ToArray();
        if (saturated.Length == 0)
        {
            return null;
        }

        string list = string.Join(", ", saturated.Select(l => $"'{l.Name}' ({l.Activation}, beyond +-{Text(l.SaturationLimit ?? float.NaN)}) {Percent(l.SaturatedShareEnd!.Value)}"));
        string inputs = evidence.LargestInput > 10f ? $" The inputs reach |x| = {Text(evidence.LargestInput)}: standardize them (zero mean, unit variance)." : " Scale the inputs or shrink the initial weights.";
        return new Diagnosis(
            Code,
            $"Most inputs of {list} sit on the activation's flat tails, where its gradient is ~0, so the layers before barely learn.{inputs}",
            new Dictionary<string, object?>
            {
                ["saturatedShare"] = PerLayer(saturated.Select(l => (l.Name, (double)l.SaturatedShareEnd!.Value))),
                ["saturatedShareAtStart"] = PerLayer(saturated.Select(l => (l.Name, (double)l.SaturatedShares![0]))),
                ["largestInput"] = Number(evidence.LargestInput),
                ["gradientNormEnd"] = PerLayer(evidence.Layers.Where(l => l.GradientNormEnd is not null).Select(l => (l.Name, (double)l.GradientNormEnd!.Value))),
            });
    }
}
