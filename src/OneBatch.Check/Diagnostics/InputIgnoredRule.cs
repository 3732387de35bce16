using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>input_ignored</c>, from either of two measurements. (1) An output's predictions are (nearly) the same for
/// every sample (spread across the batch at most <see cref="Spread"/> of the targets' spread) and its loss stalls
/// between <see cref="BaselineShare"/> and <see cref="BaselineCeiling"/> times the input-independent baseline
/// (variance of the targets, entropy of the class frequencies); the message names the first layer whose output was
/// the same for every sample. (2) Rotating the samples of one input (sample i given sample i+1's values) left every
/// output exactly as it was: the model does not use that input at all (a branch cut off, or zeroed).
/// </summary>
public sealed class InputIgnoredRule : IDiagnosisRule
{
    public const float Spread = 1e-3f;

    public const float BaselineShare = 0.9f;

    public const float BaselineCeiling = 1.5f;

    public string Code => DiagnosisCodes.InputIgnored;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var unused = new List<string>();
        for (int k = 0; k < evidence.InputEffects.Count; k++)
        {
            if (evidence.InputEffects[k] == 0f)
            {
                unused.Add(evidence.InputNames[k]);
            }
        }

        var stalled = evidence.Outputs.Select(o => (Output: o, Spread: StalledSpread(o, evidence))).FirstOrDefault(s => s.Spread is not null);
        if (unused.Count == 0 && stalled.Output is null)
        {
            return null;
        }

        var constant = evidence.Layers.FirstOrDefault(l => l.ConstantOutput);
        string where = constant is null ? string.Empty : $" Layer '{constant.Name}' is the first whose output is the same for every sample.";
        var parts = new List<string>();
        if (unused.Count > 0)
        {
            string inputs = string.Join(", ", unused.Select(n => $"'{n}'"));
            parts.Add(evidence.InputNames.Count == 1
                ? "The output does not depend on the input: giving each sample another sample's input left every prediction exactly as it was."
                : $"The output does not depend on input{(unused.Count > 1 ? "s" : string.Empty)} {inputs}: giving each sample another sample's {inputs} left every prediction exactly as it was.");
        }

        if (stalled.Output is { } o)
        {
            string baseline = o.Loss.IsClassification ? "the entropy of the class frequencies" : "the variance of the targets";
            string which = evidence.Outputs.Count > 1 ? $" of output '{o.Name}'" : string.Empty;
            parts.Add($"The predictions{which} vary by {Text(stalled.Spread!.Value)} across the batch, and the loss stalls at {Text(o.FinalLoss)}, " +
                $"the level of the best constant prediction ({baseline}: {Text(o.InputIndependentLoss)}).");
        }

        return new Diagnosis(
            Code,
            $"{string.Join(" ", parts)}{where} Check that the input reaches the output (frozen or zero weights, a disconnected layer).",
            new Dictionary<string, object?>
            {
                ["unusedInputs"] = unused.ToArray(),
                ["inputEffects"] = evidence.InputEffects.Select((e, k) => (k, e)).Where(p => p.e is not null)
                    .ToDictionary(p => evidence.InputNames[p.k], p => Number(p.e!.Value)),
                ["output"] = stalled.Output?.Name,
                ["predictionSpread"] = stalled.Spread is float s ? Number(s) : null,
                ["finalLoss"] = stalled.Output is { } f ? Number(f.FinalLoss) : null,
                ["inputIndependentLoss"] = stalled.Output is { } b ? Number(b.InputIndependentLoss) : null,
                ["firstConstantLayer"] = constant?.Name,
            });
    }

    // The spread of the output's predictions when they are constant and its loss sits at the baseline, else null.
    private static float? StalledSpread(OutputEvidence output, RunEvidence evidence)
    {
        if (output.Predictions is not { } p || p.Shape[0] < 2 || !(output.FinalLoss >= BaselineShare * output.InputIndependentLoss)
            || !(output.FinalLoss <= BaselineCeiling * output.InputIndependentLoss))
        {
            return null;
        }

        float predicted = ColumnSpread(p);
        float targets = output.Loss.IsClassification ? 1f : MathF.Max(ColumnSpread(output.Targets), 1e-6f);
        return predicted <= Spread * targets ? predicted : null;
    }

    // The largest standard deviation across the batch of any output column.
    private static float ColumnSpread(Tensors.Tensor t)
    {
        int rows = t.Shape[0];
        int width = t.Size / Math.Max(1, rows);
        var v = t.ReadOnlySpan;
        double largest = 0;
        for (int j = 0; j < width; j++)
        {
            double sum = 0, sq = 0;
            for (int i = 0; i < rows; i++)
            {
                double x = v[(i * width) + j];
                sum += x;
                sq += x * x;
            }

            double mean = sum / rows;
            largest = Math.Max(largest, Math.Sqrt(Math.Max(0, (sq / rows) - (mean * mean))));
        }

        return (float)largest;
    }
}
