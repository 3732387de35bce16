namespace OneBatch.Losses;

/// <summary>
/// The settings a Keras loss is constructed with, as a model file or the command line gives them. Null means not
/// given (the loss's default); a loss made by <see cref="Loss.Get(string, LossSettings)"/> refuses a setting it does not take.
/// </summary>
public sealed record LossSettings
{
    /// <summary>The predictions are logits (the cross-entropies' <c>from_logits</c>).</summary>
    public bool FromLogits { get; init; }

    /// <summary>The cross-entropies' <c>label_smoothing</c>, in [0, 1].</summary>
    public float? LabelSmoothing { get; init; }

    /// <summary>Huber's <c>delta</c>, where the loss turns from quadratic to linear (> 0).</summary>
    public float? Delta { get; init; }

    /// <summary>Keras's <c>reduction</c>.</summary>
    public LossReduction Reduction { get; init; }

    /// <summary>
    /// The reduction a Keras name stands for: <c>sum_over_batch_size</c>, <c>mean</c>, <c>mean_with_sample_weight</c>
    /// (OneBatch has no sample weights) and Keras 2's <c>auto</c> are the mean; <c>sum</c> the total; null for any other
    /// (<c>none</c> leaves one loss per sample, which training cannot minimize as one number).
    /// </summary>
    public static LossReduction? ParseReduction(string? name) => name switch
    {
        "sum_over_batch_size" or "mean" or "mean_with_sample_weight" or "auto" => LossReduction.SumOverBatchSize,
        "sum" => LossReduction.Sum,
        _ => null,
    };
}
