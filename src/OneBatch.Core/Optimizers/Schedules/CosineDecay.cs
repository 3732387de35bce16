namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// Keras's <c>CosineDecay</c>, with its optional linear warm-up. Without a <see cref="WarmupTarget"/>:
/// <c>lr(t) = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(t, steps) / steps)) + alpha)</c>. With one, the rate
/// first climbs linearly, <c>lr(t) = initial + (target - initial) * t / warmup_steps</c> for <c>t &lt; warmup_steps</c>,
/// then decays from the target by the same cosine over <c>t - warmup_steps</c>.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    public CosineDecay(float initialLearningRate, long decaySteps, float alpha = 0f, float? warmupTarget = null, long warmupSteps = 0)
    {
        InitialLearningRate = Rate(initialLearningRate, nameof(CosineDecay), "initial_learning_rate");
        DecaySteps = Steps(decaySteps, nameof(CosineDecay), "decay_steps");
        Alpha = alpha is >= 0f and <= 1f ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), $"CosineDecay alpha must be in [0, 1]; got {alpha}.");
        WarmupTarget = warmupTarget is float w ? Rate(w, nameof(CosineDecay), "warmup_target") : null;
        WarmupSteps = warmupSteps >= 0 ? warmupSteps : throw new ArgumentOutOfRangeException(nameof(warmupSteps), $"CosineDecay warmup_steps must be >= 0; got {warmupSteps}.");
    }

    public float InitialLearningRate { get; }

    public long DecaySteps { get; }

    /// <summary>The fraction of the starting rate the decay ends at.</summary>
    public float Alpha { get; }

    public float? WarmupTarget { get; }

    public long WarmupSteps { get; }

    public override string ClassName => nameof(CosineDecay);

    public override float LearningRate => WarmupTarget ?? InitialLearningRate;

    public override float At(long step)
    {
        if (WarmupTarget is not float target)
        {
            return Decayed(Math.Min(step, DecaySteps), InitialLearningRate);
        }

        long t = Math.Min(step, DecaySteps + WarmupSteps);
        return t < WarmupSteps
            ? (float)(((target - (double)InitialLearningRate) * ((double)t / WarmupSteps)) + InitialLearningRate)
            : Decayed(t - WarmupSteps, target);
    }

    public override IReadOnlyList<KeyValuePair<string, object?>> GetConfig() =>
    [
        new("initial_learning_rate", InitialLearningRate), new("decay_steps", DecaySteps), new("alpha", Alpha),
        new("warmup_target", WarmupTarget), new("warmup_steps", WarmupSteps),
    ];

    protected override LearningRateSchedule Scaled(double factor) =>
        new CosineDecay(Scale(InitialLearningRate, factor), DecaySteps, Alpha, WarmupTarget is float w ? Scale(w, factor) : null, WarmupSteps);

    private float Decayed(long t, float from)
    {
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * t / DecaySteps));
        return (float)(from * (((1 - (double)Alpha) * cosine) + Alpha));
    }
}
