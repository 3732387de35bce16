namespace OneBatch.Check;

/// <summary>
/// fastai's smoothed loss (<c>AvgSmoothLoss</c>): an exponential moving average with bias correction. After the
/// i-th loss (0-based), <c>avg = beta * avg + (1 - beta) * loss</c> and the value is <c>avg / (1 - beta^(i+1))</c>:
/// the average starts at 0, so dividing by the weights' sum <c>1 - beta^(i+1)</c> makes the first value the first
/// loss rather than 2% of it. Accumulated in double.
/// </summary>
public sealed class SmoothedLoss(float beta = LearningRateFinderOptions.SmoothingBeta)
{
    private double _average;
    private double _betaPower = 1;

    public float Beta { get; } = beta is > 0f and < 1f ? beta : throw new ArgumentOutOfRangeException(nameof(beta), $"beta must be in (0, 1); got {beta}.");

    /// <summary>Adds the next loss and returns the smoothed value (NaN or infinite once a loss was).</summary>
    public float Add(float loss)
    {
        _average = (Beta * _average) + ((1 - (double)Beta) * loss);
        _betaPower *= Beta;
        return (float)(_average / (1 - _betaPower));
    }
}
