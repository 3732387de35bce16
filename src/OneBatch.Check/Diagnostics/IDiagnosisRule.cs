namespace OneBatch.Check.Diagnostics;

/// <summary>
/// One diagnosis code, decided from what a run measured. A rule sees only the evidence (never the name of a model or
/// scenario) and returns its diagnosis, or null when the evidence does not show its problem.
/// </summary>
public interface IDiagnosisRule
{
    /// <summary>The code of <see cref="DiagnosisCodes"/> this rule decides.</summary>
    string Code { get; }

    Diagnosis? Diagnose(RunEvidence evidence);
}
