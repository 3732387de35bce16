namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// Keras's <c>CosineDecayRestarts</c> (SGDR): cosine decays that restart, period i lasting <c>first * t_mul^i</c>
/// steps and starting at <c>m_mul^i</c> of the initial rate. With <c>f = t / first</c>, the period is
/// <c>i = floor(log(1 - f (1 - t_mul)) / log(t_mul))</c> (<c>floor(f)</c> when t_mul = 1), the fraction done in it
/// <c>(f - (1 - t_mul^i) / (1 - t_mul)) / t_mul^i</c> (<c>f - i</c>), and
/// <c>lr(t) = initial * ((1 - alpha) * 0.5 * m_mul^i * (1 + cos(pi * fraction)) + alpha)</c>.
/// </summary>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    public CosineDecayRestarts(float initialLearningRate, long firstDecaySteps, float tMul = 2f, float mMul = 1f, float alpha = 0f)
    {
        InitialLearningRate = Rate(initialLearningRate, nameof(CosineDecayRestarts), "initial_learning_rate");
        FirstDecaySteps = Steps(firstDecaySteps, nameof(CosineDecayRestarts), "first_decay_steps");
        TMul = tMul is > 0f and < float.PositiveInfinity ? tMul : throw new ArgumentOutOfRangeException(nameof(tMul), $"CosineDecayRestarts t_mul must be a finite number > 0; got {tMul}.");
        MMul = Rate(mMul, nameof(CosineDecayRestarts), "m_mul");
        Alpha = alpha is >= 0f and <= 1f ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), $"CosineDecayRestarts alpha must be in [0, 1]; got {alpha}.");
    }

    public float InitialLearningRate { get; }

    public long FirstDecaySteps { get; }

    public float TMul { get; }

    public float MMul { get; }

    public float Alpha { get; }

    public override string ClassName => nameof(CosineDecayRestarts);

    public override float LearningRate => InitialLearningRate;

    public override float At(long step)
    {
        double fraction = (double)step / FirstDecaySteps, restart;
        if (TMul == 1f)
        {
            restart = Math.Floor(fraction);
            fraction -= restart;
        }
        else
        {
            double tMul = TMul;
            restart = Math.Floor(Math.Log(1 - (fraction * (1 - tMul))) / Math.Log(tMul));
            double done = (1 - Math.Pow(tMul, restart)) / (1 - tMul);
            fraction = (fraction - done) / Math.Pow(tMul, restart);
        }

        double cosine = 0.5 * Math.Pow(MMul, restart) * (1 + Math.Cos(Math.PI * fraction));
        return (float)(InitialLearningRate * (((1 - (double)Alpha) * cosine) + Alpha));
    }

    public override IReadOnlyList<KeyValuePair<string, object?>> GetConfig() =>
    [
        new("initial_learning_rate", InitialLearningRate), new("first_decay_steps", FirstDecaySteps), new("t_mul", TMul),
        new("m_mul", MMul), new("alpha", Alpha),
    ];

    protected override LearningRateSchedule Scaled(double factor) => new CosineDecayRestarts(Scale(InitialLearningRate, factor), FirstDecaySteps, TMul, MMul, Alpha);
}
