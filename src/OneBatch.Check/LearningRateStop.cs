namespace OneBatch.Check;

/// <summary>Why a learning-rate range test stopped (the report's <c>stopReason</c> is the lower-case code).</summary>
public enum LearningRateStop
{
    /// <summary>Every planned rate was tried.</summary>
    Completed,

    /// <summary>The smoothed loss rose above <see cref="LearningRateFinderOptions.DivergenceFactor"/> times its minimum.</summary>
    Diverged,

    /// <summary>The loss became NaN or infinite.</summary>
    NonFinite,
}
