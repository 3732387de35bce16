namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// Keras's <c>ExponentialDecay</c>: <c>lr(t) = initial * rate^(t / steps)</c>, the exponent floored when
/// <see cref="Staircase"/> (the rate then drops in steps every <see cref="DecaySteps"/>).
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    public ExponentialDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false)
    {
        InitialLearningRate = Rate(initialLearningRate, nameof(ExponentialDecay), "initial_learning_rate");
        DecaySteps = Steps(decaySteps, nameof(ExponentialDecay), "decay_steps");
        DecayRate = Rate(decayRate, nameof(ExponentialDecay), "decay_rate");
        Staircase = staircase;
    }

    public float InitialLearningRate { get; }

    public long DecaySteps { get; }

    public float DecayRate { get; }

    public bool Staircase { get; }

    public override string ClassName => nameof(ExponentialDecay);

    public override float LearningRate => InitialLearningRate;

    public override float At(long step)
    {
        double p = (double)step / DecaySteps;
        return (float)(InitialLearningRate * Math.Pow(DecayRate, Staircase ? Math.Floor(p) : p));
    }

    public override IReadOnlyList<KeyValuePair<string, object?>> GetConfig() =>
        [new("initial_learning_rate", InitialLearningRate), new("decay_steps", DecaySteps), new("decay_rate", DecayRate), new("staircase", Staircase)];

    protected override LearningRateSchedule Scaled(double factor) => new ExponentialDecay(Scale(InitialLearningRate, factor), DecaySteps, DecayRate, Staircase);
}
