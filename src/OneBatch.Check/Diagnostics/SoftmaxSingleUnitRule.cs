using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>softmax_single_unit</c>: an output is a softmax over one unit, which normalizes that unit against itself, so the
/// output is 1.0 whatever the input and no gradient reaches the layers below. Fires when some targets are not 1
/// (class indices are all 0 over one unit, which a constant output does fit).
/// </summary>
public sealed class SoftmaxSingleUnitRule : IStructuralRule, IRootCauseRule
{
    /// <summary>A constant output passes no gradient down and does not depend on the input.</summary>
    public IReadOnlyList<string> Explains { get; } = [DiagnosisCodes.DeadGradient, DiagnosisCodes.InputIgnored];

    public string Code => DiagnosisCodes.SoftmaxSingleUnit;

    public bool Finds(OutputStructure output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Activation == "softmax" && output.Units == 1 && !output.Loss.TargetsAreClassIndices && TargetsNotOne(output) > 0;
    }

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (this.FirstFound(evidence) is not var (output, structure, which))
        {
            return null;
        }

        int notOne = TargetsNotOne(structure);
        var t = output.Targets.ReadOnlySpan;
        var p = output.Predictions is { } predictions ? predictions.ReadOnlySpan : default;
        return new Diagnosis(
            Code,
            $"The output{which} is a softmax over 1 unit: softmax divides each unit by the sum over all units, so it is always 1.0 whatever the input, " +
            $"and no gradient reaches the layers below; {notOne} of {t.Length} targets are not 1. " +
            $"For a binary task use Dense(1, activation='sigmoid') with binary_crossentropy; for C classes, a softmax over C units with one-hot targets.",
            new Dictionary<string, object?>
            {
                ["output"] = output.Name,
                ["outputActivation"] = "softmax",
                ["units"] = 1,
                ["loss"] = output.Loss.Name,
                ["outputMin"] = p.IsEmpty ? null : Number(TensorPrimitives.Min(p)),
                ["outputMax"] = p.IsEmpty ? null : Number(TensorPrimitives.Max(p)),
                ["targetsNotOne"] = notOne,
                ["targets"] = t.Length,
                ["finalLoss"] = Number(output.FinalLoss),
            });
    }

    private static int TargetsNotOne(OutputStructure output)
    {
        int count = 0;
        foreach (float v in output.Targets.ReadOnlySpan)
        {
            count += v != 1f ? 1 : 0;
        }

        return count;
    }
}
