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
