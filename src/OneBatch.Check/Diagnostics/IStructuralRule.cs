namespace OneBatch.Check.Diagnostics;

/// <summary>
/// A rule whose problem lies in the model's structure against its targets, so it is certain before training: an
/// output it finds cannot count as memorized, whatever its loss and accuracy show.
/// </summary>
public interface IStructuralRule : IDiagnosisRule
{
    /// <summary>True when the output cannot fit its targets for this rule's reason.</summary>
    bool Finds(OutputStructure output);
}

/// <summary>What the structural rules share in reading a run's evidence.</summary>
public static class StructuralRules
{
    /// <summary>
    /// The first output of the run that <paramref name="rule"/> finds, with its structure and how a message names it
    /// (<c> 'name'</c> when the model has several outputs, else empty); null when it finds none.
    /// </summary>
    public static (OutputEvidence Output, OutputStructure Structure, string Which)? FirstFound(this IStructuralRule rule, RunEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evidence);
        foreach (var output in evidence.Outputs)
        {
            var structure = OutputStructure.Of(output);
            if (rule.Finds(structure))
            {
                return (output, structure, evidence.Outputs.Count > 1 ? $" '{output.Name}'" : string.Empty);
            }
        }

        return null;
    }
}
