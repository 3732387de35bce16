using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary><c>non_finite</c>: the loss became NaN or infinite; names the layer and the pass where it first appeared.</summary>
public sealed class NonFiniteRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.NonFinite;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.NonFinite is not { } origin)
        {
            return null;
        }

        string where = origin.Phase switch
        {
            "forward" => $"it first appeared in the output of layer '{origin.Layer}' in the forward pass",
            "backward" => $"it first appeared in the backward pass, in the gradient of '{origin.Variable}' (layer '{origin.Layer}')",
            "update" => $"it first appeared when the optimizer updated '{origin.Variable}' (layer '{origin.Layer}')",
            _ => "every layer's output was finite: the loss computation itself overflowed (outputs far too large for the loss)",
        };
        string hint = origin.LargestWeightBefore > 1e3f || origin.Phase is "update" or "backward"
            ? $" The largest weight had reached {Text(origin.LargestWeightBefore)}: lower the learning rate, clip gradients, or scale the inputs."
            : " Check the inputs' scale and the initial weights.";
        return new Diagnosis(
            Code,
            $"The loss became {origin.Loss} at step {origin.Step}; {where}.{hint}",
            new Dictionary<string, object?>
            {
                ["step"] = origin.Step,
                ["loss"] = Number(origin.Loss),
                ["phase"] = origin.Phase,
                ["layer"] = origin.Layer,
                ["variable"] = origin.Variable,
                ["largestWeightBefore"] = Number(origin.LargestWeightBefore),
            });
    }
}
