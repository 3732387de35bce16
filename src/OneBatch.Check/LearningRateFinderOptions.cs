namespace OneBatch.Check;

/// <summary>
/// How the learning-rate range test runs. The defaults are fastai's <c>lr_find</c>: 100 rates growing exponentially
/// from 1e-7 to 10, stopping once the smoothed loss exceeds 4 times its minimum.
/// </summary>
public sealed record LearningRateFinderOptions
{
    public const float DefaultStartLearningRate = 1e-7f;
    public const float DefaultEndLearningRate = 10f;
    public const int DefaultNumSteps = 100;

    /// <summary>
    /// The fewest steps a test may plan (fastai raises <c>num_it</c> to 6 too): the suggestions leave out the first
    /// tenth and the last 5 points of the curve, so fewer leave nothing to read.
    /// </summary>
    public const int MinNumSteps = 6;

    /// <summary>fastai's smoothing factor: the smoothed loss averages over roughly the last 1 / (1 - 0.98) = 50 steps.</summary>
    public const float SmoothingBeta = 0.98f;

    /// <summary>The test stops once the smoothed loss exceeds this many times its minimum so far (fastai's <c>stop_div</c>).</summary>
    public const float DivergenceFactor = 4f;

    /// <summary>The rate of the first step.</summary>
    public float StartLearningRate { get; init; } = DefaultStartLearningRate;

    /// <summary>The rate of the last step.</summary>
    public float EndLearningRate { get; init; } = DefaultEndLearningRate;

    /// <summary>The number of steps (and rates) planned; the test stops earlier when the loss diverges.</summary>
    public int NumSteps { get; init; } = DefaultNumSteps;

    /// <summary>The seed the model and data were made with, carried into the result.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The rate of step <paramref name="step"/> (0-based): <c>start * (end / start)^(step / (n - 1))</c>, so the first
    /// step trains at the start rate, the last at the end rate, and each rate is the one before times
    /// <c>(end / start)^(1 / (n - 1))</c>. (fastai's schedule puts <c>step / n</c> in the exponent and so ends one
    /// ratio short of the end rate.) Computed in double from the start each time, so no rounding accumulates.
    /// </summary>
    public float LearningRateAt(int step)
    {
        if ((uint)step >= (uint)NumSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"The test has steps 0 to {NumSteps - 1}; got {step}.");
        }

        double position = NumSteps == 1 ? 0 : (double)step / (NumSteps - 1);
        return (float)(StartLearningRate * Math.Pow((double)EndLearningRate / StartLearningRate, position));
    }

    internal void Validate()
    {
        if (!(StartLearningRate > 0f && float.IsFinite(StartLearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(StartLearningRate), $"The start learning rate must be a positive number; got {StartLearningRate}.");
        }

        if (!(EndLearningRate > StartLearningRate && float.IsFinite(EndLearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(EndLearningRate), $"The end learning rate must be a number above the start rate {StartLearningRate}; got {EndLearningRate}.");
        }

        if (NumSteps < MinNumSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(NumSteps), $"The test needs at least {MinNumSteps} steps; got {NumSteps}.");
        }
    }
}
