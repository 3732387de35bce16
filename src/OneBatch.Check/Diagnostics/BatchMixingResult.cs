namespace OneBatch.Check.Diagnostics;

/// <summary>
/// What the batch-mixing test measured: the gradient of the sum of sample <see cref="Sample"/>'s outputs with respect
/// to every input, once, on the fixed batch.
/// </summary>
/// <param name="Sample">The sample whose outputs were summed.</param>
/// <param name="MixedSamples">The other samples whose inputs got a non-zero gradient: the sample's output depends on them.</param>
/// <param name="LargestLeak">The largest |gradient| on another sample's input, relative to the largest on the sample's own.</param>
/// <param name="SkippedLayers">Layers that mix samples by design (BatchNormalization on batch statistics), run on their moving statistics for the test.</param>
/// <param name="UntestedInputs">Inputs no gradient reaches (token ids read by an Embedding): not tested.</param>
public sealed record BatchMixingResult(
    int Sample,
    IReadOnlyList<int> MixedSamples,
    float LargestLeak,
    IReadOnlyList<string> SkippedLayers,
    IReadOnlyList<string> UntestedInputs);
