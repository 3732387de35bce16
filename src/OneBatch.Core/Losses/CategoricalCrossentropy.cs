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

    /// <summary>The share of rows whose highest score is at the target's highest value.</summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) =>
        ArgmaxAccuracy(predictions, targets.ReadOnlySpan, sparse: false, mask);

    /// <summary>The class frequencies are the best constant: the loss is their entropy (ln C for balanced classes).</summary>
    public override float Baseline(Tensor targets)
    {
        var (mean, rows) = MeansOfLastAxis(targets);
        if (rows == 0)
        {
            return 0f;
        }

        var t = targets.ReadOnlySpan;
        double total = 0;
        for (int i = 0; i < t.Length; i++)
        {
            total -= t[i] * Math.Log(Math.Clamp(mean[i % mean.Length], 1e-7, 1 - 1e-7));
        }

        return (float)(total / rows);
    }

    public override string? CheckTargets(Shape output, Tensor targets, string what)
    {
        var target = targets.Shape.DropFirst();
        int classes = output.Rank == 0 ? 1 : output.Last;
        if (classes > 1 && SparseCategoricalCrossentropy.LabelShaped(output, target) && target != output)
        {
            return $"{what} are class labels (shape {targets.Shape}) but the model has {classes} outputs: use the loss sparse_categorical_crossentropy, or one-hot encode the labels for {Name}.";
        }

        return base.CheckTargets(output, targets, what);
    }

    public override double? ExpectedInitialLoss(int classes) => classes >= 2 ? Math.Log(classes) : null;

    /// <summary>For one-hot targets the best is 1 for the right class and 0 elsewhere: ln(1 + (C-1)/e).</summary>
    public override float FloorOnProbabilities(Tensor targets, int classes)
    {
        foreach (float v in targets.ReadOnlySpan)
        {
            if (v != 0f && v != 1f)
            {
                return float.NaN;
            }
        }

        return (float)Math.Log(1 + ((classes - 1) / Math.E));
    }

    /// <summary>
    /// The share of rows of <paramref name="predictions"/> <c>[rows..., classes]</c> whose argmax is the target class:
    /// an integer label, or the argmax of a one-hot row.
    /// </summary>
    internal static float ArgmaxAccuracy(Tensor predictions, ReadOnlySpan<float> targets, bool sparse, Tensor? mask)
    {
        int classes = predictions.Rank == 0 ? 1 : predictions.Shape.Last;
        int rows = predictions.Size / Math.Max(1, classes);
        var valid = mask is not null && mask.Size == rows ? mask.ReadOnlySpan : default;
        var p = predictions.ReadOnlySpan;
        int right = 0, counted = 0;
        for (int r = 0; r < rows; r++)
        {
            if (!valid.IsEmpty && valid[r] == 0f)
            {
                continue;
            }

            int predicted = TensorPrimitives.IndexOfMax(p.Slice(r * classes, classes));
            int expected = sparse ? (int)targets[r] : TensorPrimitives.IndexOfMax(targets.Slice(r * classes, classes));
            right += predicted == expected ? 1 : 0;
            counted++;
        }

        return counted == 0 ? 1f : right / (float)counted;
    }
}
