using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// What is known of one output before training: its loss, the activation that bounds it, its width (the size of its
/// last axis) and the batch's targets for it. The structural rules judge from this alone.
/// </summary>
/// <param name="Activation">The activation that bounds the output (<see cref="OutputEvidence.Activation"/>), or null when it is unbounded.</param>
public sealed record OutputStructure(string Name, Loss Loss, string? Activation, int Units, Tensor Targets)
{
    public static OutputStructure Of(OutputEvidence output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new OutputStructure(output.Name, output.Loss, output.Activation, output.Units, output.Targets);
    }

    /// <summary>The sum of each row of the targets over the last axis (one per sample, or per position of a sequence).</summary>
    public double[] RowSums()
    {
        var t = Targets.ReadOnlySpan;
        int width = Math.Max(1, Units);
        var sums = new double[t.Length / width];
        for (int i = 0; i < sums.Length * width; i++)
        {
            sums[i / width] += t[i];
        }

        return sums;
    }
}
