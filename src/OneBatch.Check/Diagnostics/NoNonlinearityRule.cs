using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>no_nonlinearity</c>: every path from the input to the output is linear (Dense/Conv layers with linear
/// activations, reshaping, pooling by average, merges by sum or concatenation), and the batch has more samples than a
/// linear map of the inputs can fit in general (features + 1). A sigmoid or softmax at the output layer counts as
/// linear here: a logistic regression squashes its output but its decision is still a linear function of the input.
/// Any layer this rule does not know to be linear counts as nonlinear, so the rule errs towards silence.
/// </summary>
public sealed class NoNonlinearityRule : IRootCauseRule
{
    public string Code => DiagnosisCodes.NoNonlinearity;

    public IReadOnlyList<string> Explains { get; } = [DiagnosisCodes.InputIgnored];

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.Memorized || evidence.Layers.Count == 0 || evidence.Outputs.Count == 0 || ModelStructure.FirstNonlinear(evidence.Layers) is not null)
        {
            return null;
        }

        int samples = evidence.Outputs[0].Targets.Rank > 0 ? evidence.Outputs[0].Targets.Shape[0] : 1;
        int features = evidence.InputWidths.Sum();
        if (samples <= features + 1)
        {
            return null;
        }

        var squashed = evidence.Layers.Where(l => !ModelStructure.IsLinearActivation(l.Activation)).Select(l => $"{l.Name} ({l.Activation})").ToArray();
        string output = squashed.Length > 0 ? $" (the {string.Join(", ", squashed)} at the output squashes the result, but the decision stays linear in the input)" : string.Empty;
        return new Diagnosis(
            Code,
            $"The model is linear from input to output: {evidence.Layers.Count} layer(s) ({string.Join(", ", evidence.Layers.Select(l => $"'{l.Name}'"))}) and no nonlinear activation between them{output}. " +
            $"A linear map of {features} input feature(s) cannot fit {samples} samples unless the targets are a linear function of the inputs: " +
            "give the hidden layers a nonlinear activation (activation: \"relu\"), or add a hidden layer if there is none.",
            new Dictionary<string, object?>
            {
                ["layers"] = evidence.Layers.Select(l => l.Name).ToArray(),
                ["activations"] = evidence.Layers.ToDictionary(l => l.Name, l => (object?)(l.Activation ?? "linear")),
                ["outputActivationsCountedLinear"] = squashed,
                ["samples"] = samples,
                ["inputFeatures"] = features,
                ["finalLoss"] = Number(evidence.FinalLoss),
                ["targetLoss"] = Number(evidence.TargetLoss),
            });
    }
}
