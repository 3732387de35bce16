namespace OneBatch.Check.Diagnostics;

/// <summary>
/// A rule whose problem brings on other rules' symptoms (a constant output gets no gradient and ignores its input):
/// when it is diagnosed, those symptoms are listed in its evidence (<c>symptoms</c>) instead of as diagnoses of their own.
/// </summary>
public interface IRootCauseRule : IDiagnosisRule
{
    /// <summary>The codes whose diagnoses this rule's problem explains.</summary>
    IReadOnlyList<string> Explains { get; }
}
