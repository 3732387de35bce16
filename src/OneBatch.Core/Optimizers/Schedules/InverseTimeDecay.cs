namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// Keras's <c>InverseTimeDecay</c>: <c>lr(t) = initial / (1 + rate * t / steps)</c>, <c>t / steps</c> floored when
/// <see cref="Staircase"/>. With steps 1 it is Keras 2's <c>decay</c> rule <c>lr / (1 + decay * t)</c>.
/// </summary>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    public InverseTimeDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false)
    {
        InitialLearningRate = Rate(initialLearningRate, nameof(InverseTimeDecay), "initial_learning_rate");
        DecaySteps = Steps(decaySteps, nameof(InverseTimeDecay), "decay_steps");
        DecayRate = Rate(decayRate, nameof(InverseTimeDecay), "decay_rate");
        Staircase = staircase;
    }

    public float InitialLearningRate { get; }

    public long DecaySteps { get; }

    public float DecayRate { get; }

    public bool Staircase { get; }

    public override string ClassName => nameof(InverseTimeDecay);

    public override float LearningRate => InitialLearningRate;

    public override float At(long step)
    {
        double p = (double)step / DecaySteps;
        return (float)(InitialLearningRate / (1 + (DecayRate * (Staircase ? Math.Floor(p) : p))));
    }

    public override IReadOnlyList<KeyValuePair<string, object?>> GetConfig() =>
        [new("initial_learning_rate", InitialLearningRate), new("decay_steps", DecaySteps), new("decay_rate", DecayRate), new("staircase", Staircase)];

    protected override LearningRateSchedule Scaled(double factor) => new InverseTimeDecay(Scale(InitialLearningRate, factor), DecaySteps, DecayRate, Staircase);
}
