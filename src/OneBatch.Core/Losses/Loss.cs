using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// A loss, like <c>keras.losses.Loss</c>: <see cref="Call"/> matches the ranks of target and prediction the way Keras
/// does, computes one value per sample with differentiable ops, and returns their mean over the batch.
/// </summary>
public abstract class Loss
{
    /// <summary>The Keras identifier, such as <c>mean_squared_error</c>.</summary>
    public abstract string Name { get; }

    /// <summary>True for the cross-entropies: the prediction is a score per class (or a probability).</summary>
    public virtual bool IsClassification => false;

    /// <summary>True when predictions are logits rather than probabilities.</summary>
    public virtual bool FromLogits => false;

    /// <summary>The mean loss over the batch, as a scalar tensor.</summary>
    public Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = MatchRanks(yTrue, yPred);
        return Ops.Mean(PerSample(t, p));
    }

    /// <summary>The loss of each sample, <c>[batch, ...]</c> without the last axis.</summary>
    protected abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// Keras's <c>squeeze_or_expand_to_same_rank</c>: a target of rank r-1 against a prediction of rank r whose last
    /// axis is 1 gets that axis added (a <c>[N]</c> target against a <c>[N, 1]</c> prediction is NOT broadcast to
    /// <c>[N, N]</c>); then the shapes must agree.
    /// </summary>
    protected virtual (Tensor YTrue, Tensor YPred) MatchRanks(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.Shape == yPred.Shape)
        {
            return (yTrue, yPred);
        }

        // Only the missing axis of 1 is added: [4] against [3, 1] is a mismatch, reported with the shapes as given.
        if (yTrue.Rank == yPred.Rank - 1 && yPred.Shape.Last == 1 && yTrue.Shape == yPred.Shape.DropLast())
        {
            return (Ops.Reshape(yTrue, yPred.Shape), yPred);
        }

        if (yPred.Rank == yTrue.Rank - 1 && yTrue.Shape.Last == 1 && yPred.Shape == yTrue.Shape.DropLast())
        {
            return (yTrue, Ops.Reshape(yPred, yTrue.Shape));
        }

        throw new ArgumentException($"Loss '{Name}': targets of shape {yTrue.Shape} do not fit predictions of shape {yPred.Shape}.");
    }

    public static implicit operator Loss(string name) => Get(name);

    /// <summary>The loss with a Keras identifier (<c>mse</c>, <c>categorical_crossentropy</c>, ...).</summary>
    public static Loss Get(string name, bool fromLogits = false) => name.ToLowerInvariant() switch
    {
        "mse" or "mean_squared_error" or "meansquarederror" => new MeanSquaredError(),
        "mae" or "mean_absolute_error" or "meanabsoluteerror" => new MeanAbsoluteError(),
        "categorical_crossentropy" or "categoricalcrossentropy" => new CategoricalCrossentropy(fromLogits),
        "sparse_categorical_crossentropy" or "sparsecategoricalcrossentropy" => new SparseCategoricalCrossentropy(fromLogits),
        "binary_crossentropy" or "binarycrossentropy" => new BinaryCrossentropy(fromLogits),
        _ => throw new ArgumentException($"Unknown loss '{name}'. Known: {string.Join(", ", KnownNames)}."),
    };

    public static IReadOnlyList<string> KnownNames { get; } =
        ["mse", "mae", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"];

    public override string ToString() => Name;
}
