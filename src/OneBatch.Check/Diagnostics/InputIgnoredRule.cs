using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>input_ignored</c>: the predictions are (nearly) the same for every sample (spread across the batch at most
/// <see cref="Spread"/> of the targets' spread) and the loss stalls between <see cref="BaselineShare"/> and
/// <see cref="BaselineCeiling"/> times the input-independent baseline (variance of the targets, entropy of the class frequencies). Names the first layer whose
/// output was the same for every sample.
/// </summary>
public sealed class InputIgnoredRule : IDiagnosisRule
{
    public const float Spread = 1e-3f;

    public const float BaselineShare = 0.9f;

    public const float BaselineCeiling = 1.5f;

    public string Code => DiagnosisCodes.InputIgnored;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.Predictions is not { } p || p.Shape[0] < 2 || !(evidence.FinalLoss >= BaselineShare * evidence.InputIndependentLoss)
            || !(evidence.FinalLoss <= BaselineCeiling * evidence.InputIndependentLoss))
        {
            return null;
        }

        float predicted = ColumnSpread(p);
        float targets = evidence.Loss.IsClassification ? 1f : MathF.Max(ColumnSpread(evidence.Targets), 1e-6f);
        if (!(predicted <= Spread * targets))
        {
            return null;
        }

        var constant = evidence.Layers.FirstOrDefault(l => l.ConstantOutput);
        string where = constant is null ? string.Empty : $" Layer '{constant.Name}' is the first whose output is the same for every sample.";
        string baseline = evidence.Loss.IsClassification ? "the entropy of the class frequencies" : "the variance of the targets";
        return new Diagnosis(
            Code,
            $"The output does not depend on the input: predictions vary by {Text(predicted)} across the batch, and the loss stalls at {Text(evidence.FinalLoss)}, " +
            $"the level of the best constant prediction ({baseline}: {Text(evidence.InputIndependentLoss)}).{where} Check that the input reaches the output (frozen or zero weights, a disconnected layer).",
            new Dictionary<string, object?>
            {
                ["predictionSpread"] = Number(predicted),
                ["targetSpread"] = Number(targets),
                ["finalLoss"] = Number(evidence.FinalLoss),
                ["inputIndependentLoss"] = Number(evidence.InputIndependentLoss),
                ["firstConstantLayer"] = constant?.Name,
            });
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
