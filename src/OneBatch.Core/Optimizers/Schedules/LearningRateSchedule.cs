namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// A learning rate that depends on the step, as <c>keras.optimizers.schedules.LearningRateSchedule</c>: the optimizer
/// asks for the rate at its 0-based <see cref="Optimizer.Iterations"/> before each step. Schedules are immutable.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The Keras class name, such as <c>ExponentialDecay</c>.</summary>
    public abstract string ClassName { get; }

    /// <summary>
    /// The rate the schedule is quoted at: its initial rate (Keras's <c>initial_learning_rate</c>, the first of a
    /// piecewise schedule's values), or the warm-up target of a cosine decay with warm-up.
    /// </summary>
    public abstract float LearningRate { get; }

    /// <summary>The learning rate at 0-based step <paramref name="step"/>.</summary>
    public abstract float At(long step);

    /// <summary>Keras's <c>get_config()</c>: the settings under Keras's key names, in Keras's order (the <c>name</c> left out).</summary>
    public abstract IReadOnlyList<KeyValuePair<string, object?>> GetConfig();

    /// <summary>
    /// The same schedule with every rate in it (initial, end, warm-up target, piecewise values) multiplied by one
    /// factor, so that its <see cref="LearningRate"/> is <paramref name="learningRate"/>; its shape over the steps stays.
    /// </summary>
    public LearningRateSchedule WithLearningRate(float learningRate)
    {
        if (learningRate == LearningRate)
        {
            return this;
        }

        if (LearningRate == 0f)
        {
            throw new ArgumentException($"A {ClassName} quoted at learning rate 0 cannot be scaled to {learningRate}.", nameof(learningRate));
        }

        return Scaled((double)learningRate / LearningRate);
    }

    /// <summary>The serialized form, as an optimizer's config holds it: <c>class_name</c> and <c>config</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Serialize() => [new("class_name", ClassName), new("config", GetConfig())];

    /// <summary>This schedule with every rate multiplied by <paramref name="factor"/>.</summary>
    protected abstract LearningRateSchedule Scaled(double factor);

    /// <summary><paramref name="rate"/> times <paramref name="factor"/>, rounded once to float.</summary>
    protected static float Scale(float rate, double factor) => (float)(rate * factor);

    /// <summary>Fails with a clear message unless <paramref name="rate"/> is a finite number >= 0.</summary>
    protected static float Rate(float rate, string schedule, string name) =>
        rate is >= 0f and < float.PositiveInfinity
            ? rate
            : throw new ArgumentOutOfRangeException(name, $"{schedule} {name} must be a finite number >= 0; got {rate}.");

    /// <summary>Fails with a clear message unless <paramref name="steps"/> is > 0.</summary>
    protected static long Steps(long steps, string schedule, string name) =>
        steps > 0 ? steps : throw new ArgumentOutOfRangeException(name, $"{schedule} {name} must be > 0; got {steps}.");
}
