using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// Categorical cross-entropy for integer class labels <c>[batch]</c> (or <c>[batch, 1]</c>) against scores
/// <c>[batch, classes]</c> (<c>keras.losses.SparseCategoricalCrossentropy</c>).
/// </summary>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : Loss
{
    public override string Name => "sparse_categorical_crossentropy";

    public override bool IsClassification => true;

    public override bool FromLogits { get; } = fromLogits;

    protected override (Tensor YTrue, Tensor YPred) MatchRanks(Tensor yTrue, Tensor yPred)
    {
        if (yPred.Rank < 1)
        {
            throw new ArgumentException($"Loss '{Name}': predictions need a class axis; got shape {yPred.Shape}.");
        }

        var labelShape = yPred.Shape.DropLast();
        bool fits = yTrue.Shape == labelShape || (yTrue.Shape.Rank == yPred.Rank && yTrue.Shape.Last == 1 && yTrue.Shape.DropLast() == labelShape);
        if (!fits)
        {
            throw new ArgumentException(
                $"Loss '{Name}': integer labels of shape {labelShape} are expected for predictions of shape {yPred.Shape}; got {yTrue.Shape}" +
                (yTrue.Shape == yPred.Shape ? " (one-hot targets go with categorical_crossentropy)." : "."));
        }

        return (yTrue, yPred);
    }

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        // The labels become a one-hot constant (no gradient flows to labels), then this is categorical cross-entropy.
        int classes = yPred.Shape.Last;
        var oneHot = GradientTape.NewOutput(yPred.Shape);
        var labels = yTrue.ReadOnlySpan;
        var dst = oneHot.Span;
        dst.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            float label = labels[i];
            int c = (int)label;
            if (c != label || c < 0 || c >= classes)
            {
                throw new ArgumentException($"Loss '{Name}': label {label} at sample {i} is not a class index in [0, {classes}).");
            }

            dst[(i * classes) + c] = 1f;
        }

        var logP = CategoricalCrossentropy.LogProbabilities(yPred, FromLogits);
        return Ops.Negate(Ops.Sum(Ops.Multiply(oneHot, logP), axis: -1));
    }
}
