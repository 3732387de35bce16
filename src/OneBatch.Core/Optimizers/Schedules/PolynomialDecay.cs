namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// Keras's <c>PolynomialDecay</c>: <c>lr(t) = (initial - end) * (1 - t / steps)^power + end</c>, t held at steps once
/// it gets there; with <see cref="Cycle"/> the decay restarts instead, steps growing to the first multiple of itself
/// at or past t (<c>steps * ceil(t / steps)</c>, and steps itself at t = 0).
/// </summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    public PolynomialDecay(float initialLearningRate, long decaySteps, float endLearningRate = 0.0001f, float power = 1f, bool cycle = false)
    {
        InitialLearningRate = Rate(initialLearningRate, nameof(PolynomialDecay), "initial_learning_rate");
        DecaySteps = Steps(decaySteps, nameof(PolynomialDecay), "decay_steps");
        EndLearningRate = Rate(endLearningRate, nameof(PolynomialDecay), "end_learning_rate");
        Power = power is > 0f and < float.PositiveInfinity
            ? power
            : throw new ArgumentOutOfRangeException(nameof(power), $"PolynomialDecay power must be a finite number > 0; got {power}.");
        Cycle = cycle;
    }

    public float InitialLearningRate { get; }

    public long DecaySteps { get; }

    public float EndLearningRate { get; }

    public float Power { get; }

    public bool Cycle { get; }

    public override string ClassName => nameof(PolynomialDecay);

    public override float LearningRate => InitialLearningRate;

    public override float At(long step)
    {
        double t = step, steps = DecaySteps;
        if (Cycle)
        {
            steps *= step == 0 ? 1 : Math.Ceiling(t / steps);
        }
        else
        {
            t = Math.Min(t, steps);
        }

        return (float)(((InitialLearningRate - (double)EndLearningRate) * Math.Pow(1 - (t / steps), Power)) + EndLearningRate);
    }

    public override IReadOnlyList<KeyValuePair<string, object?>> GetConfig() =>
    [
        new("initial_learning_rate", InitialLearningRate), new("decay_steps", DecaySteps), new("end_learning_rate", EndLearningRate),
        new("power", Power), new("cycle", Cycle),
    ];

    protected override LearningRateSchedule Scaled(double factor) =>
        new PolynomialDecay(Scale(InitialLearningRate, factor), DecaySteps, Scale(EndLearningRate, factor), Power, Cycle);
}
