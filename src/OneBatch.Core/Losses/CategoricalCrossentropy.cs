using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// -sum(y_true * log(p)) over the classes, for one-hot (or soft) targets (<c>keras.losses.CategoricalCrossentropy</c>).
/// From probabilities, p is renormalized to sum to 1 and clipped to [1e-7, 1 - 1e-7] as Keras does; from logits,
/// log(p) is a log-softmax.
/// </summary>
public sealed class CategoricalCrossentropy(bool fromLogits = false) : Loss
{
    /// <summary>Keras's backend epsilon, the clip bound for probabilities.</summary>
    public const float Epsilon = 1e-7f;

    public override string Name => "categorical_crossentropy";

    public override bool IsClassification => true;

    public override bool FromLogits { get; } = fromLogits;

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Negate(Ops.Sum(Ops.Multiply(yTrue, LogProbabilities(yPred, FromLogits)), axis: -1));

    /// <summary>log(p) per class, from logits or from (renormalized, clipped) probabilities.</summary>
    internal static Tensor LogProbabilities(Tensor yPred, bool fromLogits)
    {
        if (fromLogits)
        {
            return Ops.LogSoftmax(yPred);
        }

        var p = Ops.Divide(yPred, Ops.Sum(yPred, axis: -1, keepDims: true));
        return Ops.Log(Ops.Clip(p, Epsilon, 1f - Epsilon));
    }
}
