namespace OneBatch.Check.Diagnostics;

/// <summary>
/// One diagnosis code, decided from what a run measured. A rule sees only the evidence (never the name of a model or
/// scenario) and returns its diagnosis, or null when the evidence does not show its problem.
/// </summary>
public interface IDiagnosisRule
{
    /// <summary>The code of <see cref="DiagnosisCodes"/> this rule decides.</summary>
    string Code { get; }

    /// <summary>
    /// The codes whose diagnoses are symptoms of this rule's cause: when this rule fires, they are not listed apart but
    /// named in its evidence under <c>symptoms</c>.
    /// </summary>
    IReadOnlyList<string> Subsumes => [];

    Diagnosis? Diagnose(RunEvidence evidence);
}
