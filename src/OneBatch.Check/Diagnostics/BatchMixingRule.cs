using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>batch_mixing</c>: the test of <see cref="BatchMixingResult"/> found that one sample's outputs depend on other
/// samples' inputs (a non-zero gradient of the sum of sample 0's outputs with respect to another sample's input):
/// something reshapes or transposes across the batch axis. BatchNormalization, which mixes samples by design, ran on
/// its moving statistics for the test, so it cannot cause this diagnosis; the evidence names it as skipped.
/// </summary>
public sealed class BatchMixingRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.BatchMixing;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.BatchMixing is not { MixedSamples.Count: > 0 } mixing)
        {
            return null;
        }

        int samples = evidence.Outputs.Count > 0 && evidence.Outputs[0].Targets.Rank > 0 ? evidence.Outputs[0].Targets.Shape[0] : 0;
        string skipped = mixing.SkippedLayers.Count > 0
            ? $" (BatchNormalization layer(s) {string.Join(", ", mixing.SkippedLayers.Select(n => $"'{n}'"))}, which mix samples by design, ran on their moving statistics for this test)"
            : string.Empty;
        return new Diagnosis(
            Code,
            $"Sample {mixing.Sample}'s output depends on the inputs of {mixing.MixedSamples.Count} other sample(s) of {samples}: the gradient of its output with respect to their inputs is not zero{skipped}. " +
            "Something mixes the batch axis, typically a reshape or transpose that moves values across samples: keep the batch axis first and reshape only the others.",
            new Dictionary<string, object?>
            {
                ["sample"] = mixing.Sample,
                ["mixedSamples"] = mixing.MixedSamples.Take(16).ToArray(),
                ["mixedSampleCount"] = mixing.MixedSamples.Count,
                ["largestLeak"] = Number(mixing.LargestLeak),
                ["skippedLayers"] = mixing.SkippedLayers.ToArray(),
                ["untestedInputs"] = mixing.UntestedInputs.ToArray(),
            });
    }
}
