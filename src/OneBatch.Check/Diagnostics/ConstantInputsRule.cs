using OneBatch.Tensors;
using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>constant_inputs</c>: every sample of the batch has the same inputs (every feature of every input is constant
/// across the batch: a scaling that zeroed them, one row copied), while the targets differ. The model cannot tell the
/// samples apart, so it can at best predict what fits them all. This is the root cause of the identical inputs with
/// different targets that <see cref="ContradictoryLabelsRule"/> would otherwise blame on the labels.
/// </summary>
public sealed class ConstantInputsRule : IDiagnosisRule, IRootCauseRule
{
    /// <summary>Identical inputs give every sample the same output, and ReLU units that see the same input die together.</summary>
    public IReadOnlyList<string> Explains { get; } = [DiagnosisCodes.DeadGradient, DiagnosisCodes.InputIgnored];

    public string Code => DiagnosisCodes.ConstantInputs;

    /// <summary>True when the batch has two samples or more and all of them have the same values in every input.</summary>
    public static bool AllRowsIdentical(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0 || inputs[0].Rank == 0 || inputs[0].Shape[0] < 2)
        {
            return false;
        }

        foreach (var x in inputs)
        {
            int rows = x.Shape[0], width = x.Size / rows;
            var values = x.ReadOnlySpan;
            var first = values[..width];
            for (int r = 1; r < rows; r++)
            {
                if (!values.Slice(r * width, width).SequenceEqual(first))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (!AllRowsIdentical(evidence.Inputs) || !evidence.Outputs.Any(o => TargetsDiffer(o.Targets)))
        {
            return null;
        }

        int samples = evidence.Inputs[0].Shape[0];
        int features = evidence.Inputs.Sum(x => x.Size / samples);
        var first = evidence.Inputs[0].ReadOnlySpan[..(evidence.Inputs[0].Size / samples)];
        bool oneValue = evidence.Inputs.All(x => x.Size == 0 || (TensorPrimitives.Min(x.ReadOnlySpan) == TensorPrimitives.Max(x.ReadOnlySpan)));
        string values = oneValue && !first.IsEmpty
            ? $"every value is {Text(first[0])}"
            : $"sample 0's values: {string.Join(", ", first[..Math.Min(4, first.Length)].ToArray().Select(v => Text(v)))}{(first.Length > 4 ? ", ..." : string.Empty)}";
        string floor = evidence.ContradictionFloor > 0f ? $"; the loss cannot go below {Text(evidence.ContradictionFloor)}" : string.Empty;
        return new Diagnosis(
            Code,
            $"All {samples} samples have identical inputs: each of the {features} input features is constant across the batch ({values}), while the targets differ, " +
            $"so the model cannot tell the samples apart{floor} (reached {Text(evidence.FinalLoss)}). The labels are not the problem: check how the inputs were built " +
            "(an integer division or a scaling that zeroed them, one row copied into every sample).",
            new Dictionary<string, object?>
            {
                ["samples"] = samples,
                ["features"] = features,
                ["inputs"] = evidence.InputNames.ToArray(),
                ["singleValue"] = oneValue && !first.IsEmpty ? Number(first[0]) : null,
                ["lossFloor"] = Number(evidence.ContradictionFloor),
                ["finalLoss"] = Number(evidence.FinalLoss),
            });
    }

    private static bool TargetsDiffer(Tensor targets)
    {
        if (targets.Rank == 0 || targets.Shape[0] < 2)
        {
            return false;
        }

        int rows = targets.Shape[0], width = targets.Size / rows;
        var values = targets.ReadOnlySpan;
        for (int r = 1; r < rows; r++)
        {
            if (!values.Slice(r * width, width).SequenceEqual(values[..width]))
            {
                return true;
            }
        }

        return false;
    }
}
