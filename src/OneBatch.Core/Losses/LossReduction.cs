namespace OneBatch.Losses;

/// <summary>
/// How a loss turns the loss of each position into one number, Keras's <c>reduction</c>. Keras 3's <c>mean</c> and
/// <c>mean_with_sample_weight</c> (without sample weights) and Keras 2's <c>auto</c> are <see cref="SumOverBatchSize"/>.
/// </summary>
public enum LossReduction
{
    /// <summary>The mean over the positions (Keras's default).</summary>
    SumOverBatchSize,

    /// <summary>The total over the positions.</summary>
    Sum,
}
