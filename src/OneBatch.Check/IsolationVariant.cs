namespace OneBatch.Check;

/// <summary>
/// One short run of an isolation: the user's case with one component changed back to a known-good one.
/// </summary>
/// <param name="Component"><c>data</c>, <c>optimizer</c>, <c>weights</c>, <c>regularization</c> or <c>loss</c>.</param>
/// <param name="Change">What was changed, in words (<c>Adam at 0.001 instead of rmsprop at 10</c>).</param>
/// <param name="Verdict"><c>memorized</c>, <c>not_memorized</c>, or <c>skipped</c> when the time budget ran out before it.</param>
/// <param name="Steps">Updates the variant applied.</param>
/// <param name="FinalLoss">Its loss at the end (NaN when skipped).</param>
/// <param name="Seconds">Its wall time.</param>
public sealed record IsolationVariant(string Component, string Change, string Verdict, int Steps, float FinalLoss, double Seconds)
{
    public const string SkippedVerdict = "skipped";

    public bool Memorized => Verdict == CheckReport.MemorizedVerdict;
}
