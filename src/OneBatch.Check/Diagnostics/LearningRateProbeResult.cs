namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Short runs from the same initial weights with a fresh optimizer at nearby learning rates. <see cref="RunLoss"/>
/// is the loss the run itself had after the same number of steps (for comparison).
/// </summary>
public sealed record LearningRateProbeResult(int Steps, float RunLoss, IReadOnlyList<ProbedRate> Rates)
{
    /// <summary>The probed rate with the lowest finite loss, or null if none was finite.</summary>
    public ProbedRate? Best => Rates.Where(r => float.IsFinite(r.Loss)).OrderBy(r => r.Loss).FirstOrDefault();
}

/// <summary>The loss after <see cref="LearningRateProbeResult.Steps"/> steps (or fewer, if it memorized first) at <see cref="LearningRate"/>.</summary>
public sealed record ProbedRate(float LearningRate, float Loss, int Steps);
