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

    public override bool TargetsAreClassIndices => true;

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

    /// <summary>The share of rows whose highest score is at the label.</summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) =>
        CategoricalCrossentropy.ArgmaxAccuracy(predictions, targets.ReadOnlySpan, sparse: true, mask);

    /// <summary>The label frequencies are the best constant: the loss is their entropy.</summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var t = targets.ReadOnlySpan;
        var counts = new Dictionary<int, int>();
        foreach (float label in t)
        {
            counts[(int)label] = counts.GetValueOrDefault((int)label) + 1;
        }

        double n = t.Length, entropy = 0;
        foreach (int c in counts.Values)
        {
            entropy -= c / n * Math.Log(c / n);
        }

        return (float)entropy;
    }

    public override string? CheckTargets(Shape output, Tensor targets, string what)
    {
        var target = targets.Shape.DropFirst();
        int classes = output.Rank == 0 ? 1 : output.Last;
        if (target == output && classes > 1)
        {
            return $"{what} look one-hot (per-sample shape {target}, like the output): they go with the loss categorical_crossentropy, not {Name}.";
        }

        if (!LabelShaped(output, target))
        {
            return Mismatch(output, target, what);
        }

        foreach (float v in targets.ReadOnlySpan)
        {
            if (v != MathF.Floor(v) || v < 0 || v >= classes)
            {
                return $"{what} hold {v}, which is not a class index in [0, {classes}) for the model's {classes} outputs ({Name} takes integer labels).";
            }
        }

        return null;
    }

    protected override double? MeanExpectedInitialLoss(int classes) => classes >= 2 ? Math.Log(classes) : null;

    /// <summary>The best is probability 1 for the right class and 0 elsewhere, fed as logits: ln(1 + (C-1)/e).</summary>
    protected override float MeanFloorOnProbabilities(Tensor targets, int classes) => (float)Math.Log(1 + ((classes - 1) / Math.E));

    /// <summary>One loss value per label.</summary>
    protected override int Positions(Tensor targets) => targets.Size;

    /// <summary>True when a per-sample target shape holds one label per row of an output: the output without its class axis (or with it as 1).</summary>
    internal static bool LabelShaped(Shape output, Shape target) =>
        output.Rank >= 1 && (target == output.DropLast() || (target.Rank == output.Rank && target.Last == 1 && target.Size == output.DropLast().Size));
}
