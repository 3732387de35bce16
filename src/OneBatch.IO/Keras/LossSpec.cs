using OneBatch.Losses;

namespace OneBatch.IO.Keras;

/// <summary>
/// A loss as a model file names it: its Keras name (or class name), whether it takes logits, and the settings of its
/// serialized config (null where the file gives none, or Keras's default).
/// </summary>
public sealed record LossSpec(string Name, bool FromLogits, float? LabelSmoothing = null, float? Delta = null, LossReduction Reduction = LossReduction.SumOverBatchSize)
{
    /// <summary>The settings to make the loss with; <paramref name="fromLogits"/> also when the command line says so.</summary>
    public LossSettings Settings(bool fromLogits = false) =>
        new() { FromLogits = fromLogits || FromLogits, LabelSmoothing = LabelSmoothing, Delta = Delta, Reduction = Reduction };
}
