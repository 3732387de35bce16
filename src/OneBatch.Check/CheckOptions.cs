namespace OneBatch.Check;

/// <summary>How the single-batch check runs. The defaults are the seed article's: 5,000 steps at most, stopping early.</summary>
public sealed record CheckOptions
{
    public const int DefaultMaxSteps = 5000;

    /// <summary>The step limit (updates applied at most).</summary>
    public int MaxSteps { get; init; } = DefaultMaxSteps;

    /// <summary>Stop as soon as the batch is memorized. When false the run always takes <see cref="MaxSteps"/> steps.</summary>
    public bool EarlyStop { get; init; } = true;

    /// <summary>The loss under which the batch counts as memorized; null picks it from the task (see <see cref="TargetPolicy"/>).</summary>
    public float? TargetLoss { get; init; }

    /// <summary>The seed the model and data were made with, carried into the report.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The most memory, in bytes, the check may need (null: what the machine has available). A check whose
    /// <see cref="MemoryEstimate"/> needs more is refused with a <see cref="MemoryBudgetException"/> before training.
    /// </summary>
    public long? MaxMemory { get; init; }

    /// <summary>Called every <see cref="ProgressEvery"/> steps with the step and its loss.</summary>
    public Action<CheckProgress>? Progress { get; init; }

    public int ProgressEvery { get; init; } = 100;

    /// <summary>
    /// With <see cref="EarlyStop"/>, a run whose loss has not changed at all (bit for bit) for this many steps stops:
    /// nothing is moving any more, so failure is certain.
    /// </summary>
    public int StallSteps { get; init; } = 500;

    /// <summary>
    /// False for a short run whose verdict is all that is wanted (a variant of an isolation): a failure is not
    /// diagnosed, which spares the learning-rate probe and the other retraining diagnosis does.
    /// </summary>
    internal bool Diagnose { get; init; } = true;

    /// <summary>A <see cref="System.Diagnostics.Stopwatch"/> timestamp past which the run stops (an isolation's time budget); null for none.</summary>
    internal long? Deadline { get; init; }

    internal void Validate()
    {
        if (MaxSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), $"The step limit must be at least 1; got {MaxSteps}.");
        }

        if (TargetLoss is float t && !(t > 0f && float.IsFinite(t)))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetLoss), $"The target loss must be a positive number; got {t}.");
        }

        if (StallSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StallSteps), $"StallSteps must be at least 1; got {StallSteps}.");
        }

        if (ProgressEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressEvery), $"ProgressEvery must be at least 1; got {ProgressEvery}.");
        }
    }
}

/// <summary>Where a running check is.</summary>
public readonly record struct CheckProgress(int Step, int MaxSteps, float Loss);
