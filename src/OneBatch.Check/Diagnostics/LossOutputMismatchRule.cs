using OneBatch.Losses;
using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>loss_output_mismatch</c>: the loss cannot fit the output it is given, whatever the weights:
/// categorical cross-entropy on an output of one unit (it renormalizes the unit against itself, so the loss is always
/// about 0 and gives no gradient; a softmax over one unit is <see cref="SoftmaxSingleUnitRule"/>'s), or binary
/// cross-entropy on a softmax over several units whose target rows do not sum to 1 (a softmax's outputs always do).
/// </summary>
public sealed class LossOutputMismatchRule : IStructuralRule, IRootCauseRule
{
    /// <summary>How far from 1 a row of targets may sum and still be one a softmax can give.</summary>
    public const double RowSumTolerance = 0.01;

    /// <summary>A loss that cannot fit the output starves the layers below of gradient and leaves the output at its input-independent level.</summary>
    public IReadOnlyList<string> Explains { get; } = [DiagnosisCodes.DeadGradient, DiagnosisCodes.InputIgnored];

    public string Code => DiagnosisCodes.LossOutputMismatch;

    public bool Finds(OutputStructure output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return CategoricalOnOneUnit(output) || (BinaryOnSoftmax(output) && RowsNotSummingToOne(output.RowSums()) > 0);
    }

    public Diagnosis? Diagnose(RunEvidence evidence) =>
        this.FirstFound(evidence) is not var (output, structure, which) ? null
        : CategoricalOnOneUnit(structure) ? OnOneUnit(output, which) : OnSoftmax(output, structure, which);

    private static bool CategoricalOnOneUnit(OutputStructure output) =>
        output.Loss is CategoricalCrossentropy && output.Units == 1 && output.Activation != "softmax";

    private static bool BinaryOnSoftmax(OutputStructure output) =>
        output.Loss is BinaryCrossentropy { FromLogits: false } && output.Activation == "softmax" && output.Units > 1;

    private static int RowsNotSummingToOne(double[] sums) => sums.Count(s => Math.Abs(s - 1) > RowSumTolerance);

    private Diagnosis OnOneUnit(OutputEvidence output, string which)
    {
        float? accuracy = output.Predictions is { } p ? output.Loss.Accuracy(p, output.Targets) : null;
        string judged = accuracy is float a ? $"; judged as the binary task it is, the model is right on {Percent(a)} of the samples" : string.Empty;
        return new Diagnosis(
            Code,
            $"categorical_crossentropy on the output{which} of 1 unit is always 0: it divides the output by its sum over the units, which for one unit is " +
            $"always probability 1, so the loss gives no gradient and the model cannot learn{judged}. " +
            "For a binary task use binary_crossentropy (with a sigmoid output); for C classes, a softmax over C units with one-hot targets.",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["loss"] = output.Loss.Name,
                ["units"] = 1,
                ["outputActivation"] = output.Activation,
                ["binaryAccuracy"] = accuracy is float b ? Number(b) : null,
                ["finalLoss"] = Number(output.FinalLoss),
                ["suggestedLoss"] = "binary_crossentropy",
            });
    }

    private Diagnosis OnSoftmax(OutputEvidence output, OutputStructure structure, string which)
    {
        var sums = structure.RowSums();
        int off = RowsNotSummingToOne(sums);
        return new Diagnosis(
            Code,
            $"binary_crossentropy on the output{which}, a softmax over {structure.Units} units: a softmax's outputs always sum to 1, but {off} of {sums.Length} " +
            $"target rows sum to something else (from {Text(sums.Min())} to {Text(sums.Max())}), so the loss cannot reach 0 (reached {Text(output.FinalLoss)}). " +
            "Use a sigmoid output for independent labels with binary_crossentropy, or categorical_crossentropy with one-hot targets for one class per sample.",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["loss"] = output.Loss.Name,
                ["units"] = structure.Units,
                ["outputActivation"] = "softmax",
                ["rowsNotSummingToOne"] = off,
                ["rows"] = sums.Length,
                ["rowSumMin"] = Number(sums.Min()),
                ["rowSumMax"] = Number(sums.Max()),
                ["finalLoss"] = Number(output.FinalLoss),
                ["suggestedActivation"] = "sigmoid",
            });
    }
}
