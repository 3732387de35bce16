using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary><c>contradictory_labels</c>: identical inputs carry different targets, so the batch cannot be memorized.</summary>
public sealed class ContradictoryLabelsRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.ContradictoryLabels;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var groups = evidence.Contradictions;

        // Every input alike is constant_inputs: the inputs, not the labels, are what to fix.
        if (groups.Count == 0 || ConstantInputsRule.AllRowsIdentical(evidence.Inputs))
        {
            return null;
        }

        int samples = groups.Sum(g => g.Count);
        string example = string.Join(", ", groups[0].Take(4));
        return new Diagnosis(
            Code,
            $"{samples} samples in {groups.Count} group(s) have identical inputs but different targets (e.g. samples {example}): no model can memorize this batch; " +
            $"the loss cannot go below {Text(evidence.ContradictionFloor)} (reached {Text(evidence.FinalLoss)}). Fix the labels or drop the duplicated inputs.",
            new Dictionary<string, object?>
            {
                ["groups"] = groups.Count,
                ["samples"] = samples,
                ["example"] = groups[0].ToArray(),
                ["lossFloor"] = Number(evidence.ContradictionFloor),
                ["finalLoss"] = Number(evidence.FinalLoss),
            });
    }
}
