using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>saturated_gates</c>: in some recurrent layer at least <see cref="Share"/> of the gate pre-activations sit
/// beyond +-5 at the end of the run: the gates are stuck open or shut, their gradient is ~0, and the layer stops
/// learning what to keep and what to forget. A simple RNN's one "gate" is its activation, which
/// <c>saturated_activation</c> already reports.
/// </summary>
public sealed class SaturatedGatesRule : IDiagnosisRule
{
    public const float Share = 0.5f;

    // The recurrent ops count a sigmoid or tanh gate as saturated beyond +-5 (and a hard sigmoid on its flat parts).
    private const float GateLimit = 5f;

    public string Code => DiagnosisCodes.SaturatedGates;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var saturated = evidence.Layers.Where(l => l.Activation is null && l.GateSaturation is { Count: > 0 } g && g[^1] >= Share).ToArray();
        if (saturated.Length == 0)
        {
            return null;
        }

        string list = string.Join(", ", saturated.Select(l => $"'{l.Name}' ({l.Kind}) {Percent(l.GateSaturation![^1])}"));
        string inputs = evidence.LargestInput > 10f ? $" The inputs reach |x| = {Text(evidence.LargestInput)}: standardize them." : " Scale the inputs, lower the learning rate, or clip the gradients.";
        return new Diagnosis(
            Code,
            $"Most gate inputs of {list} sit beyond +-{GateLimit}: the gates are stuck open or shut, their gradient is ~0, and the layer no longer learns what to keep.{inputs}",
            new Dictionary<string, object?>
            {
                ["gateSaturation"] = PerLayer(saturated.Select(l => (l.Name, (double)l.GateSaturation![^1]))),
                ["gateSaturationAtStart"] = PerLayer(saturated.Select(l => (l.Name, (double)l.GateSaturation![0]))),
                ["largestInput"] = Number(evidence.LargestInput),
            });
    }
}
