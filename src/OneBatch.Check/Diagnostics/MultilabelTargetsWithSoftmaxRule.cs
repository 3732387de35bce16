using OneBatch.Losses;
using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>multilabel_targets_with_softmax</c>: rows of the targets sum to more than 1 (several labels per sample) under
/// categorical cross-entropy, which treats the outputs as one distribution (a softmax: summing to 1). The best it can
/// do is share each row's probability among its labels, with a loss floor of the rows' entropy (ln k for k labels),
/// and it never marks them all: independent labels need a sigmoid output with binary cross-entropy.
/// </summary>
public sealed class MultilabelTargetsWithSoftmaxRule : IStructuralRule, IRootCauseRule
{
    /// <summary>How far above 1 a row of targets may sum and still count as one label.</summary>
    public const double RowSumTolerance = 0.01;

    /// <summary>The loss's floor holds the output near its input-independent level and the layers below near their start.</summary>
    public IReadOnlyList<string> Explains { get; } = [DiagnosisCodes.DeadGradient, DiagnosisCodes.InputIgnored];

    public string Code => DiagnosisCodes.MultilabelTargetsWithSoftmax;

    public bool Finds(OutputStructure output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Loss is CategoricalCrossentropy && output.Units > 1 && RowsOverOne(output.RowSums()) > 0;
    }

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (this.FirstFound(evidence) is not var (output, structure, which))
        {
            return null;
        }

        var sums = structure.RowSums();
        int over = RowsOverOne(sums);
        float floor = output.Loss.Minimum(output.Targets);
        which = which.Length > 0 ? $" of output{which}" : which;
        string activation = output.Activation ?? "linear";
        return new Diagnosis(
            Code,
            $"{over} of {sums.Length} target rows{which} have several labels (rows sum up to {Text(sums.Max())}), but categorical_crossentropy treats the " +
            $"{activation} output as one distribution over {structure.Units} classes that sums to 1: it can at best share each row's probability among its labels " +
            $"(the loss cannot go below {Text(floor)}; reached {Text(output.FinalLoss)}) and never marks them all. " +
            "For multi-label targets use a sigmoid output with binary_crossentropy.",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["loss"] = output.Loss.Name,
                ["outputActivation"] = output.Activation,
                ["units"] = structure.Units,
                ["rowsOverOne"] = over,
                ["rows"] = sums.Length,
                ["largestRowSum"] = Number(sums.Max()),
                ["predictedFloor"] = Number(floor),
                ["finalLoss"] = Number(output.FinalLoss),
                ["suggestedActivation"] = "sigmoid",
                ["suggestedLoss"] = "binary_crossentropy",
            });
    }

    private static int RowsOverOne(double[] sums) => sums.Count(s => s > 1 + RowSumTolerance);
}
