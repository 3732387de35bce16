using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// max(neg - pos + 1, 0) per row, with pos = sum(y_true y_pred) the target class's score and neg =
/// max((1 - y_true) y_pred) the best other score (or 0, as the target's own entry is 0 there), for one-hot targets
/// (<c>keras.losses.CategoricalHinge</c>).
/// </summary>
public sealed class CategoricalHinge : Loss
{
    public override string Name => "categorical_hinge";

    public override bool IsClassification => true;

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var pos = Ops.Sum(Ops.Multiply(yTrue, yPred), axis: -1);
        var neg = Ops.Max(Ops.Multiply(Ops.Scale(yTrue, -1f, 1f), yPred), axis: -1);
        return Ops.Relu(Ops.Scale(Ops.Subtract(neg, pos), 1f, 1f));
    }

    /// <summary>The share of rows whose highest score is at the target's 1.</summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) =>
        CategoricalCrossentropy.ArgmaxAccuracy(predictions, targets.ReadOnlySpan, sparse: false, mask);

    /// <summary>
    /// For one-hot rows, with k the most frequent class (n_k of n rows) and d = c_k minus the next highest constant: rows
    /// of other classes cost at least 1 + d, rows of class k max(0, 1 - d), reached with the others at 0; the total is
    /// linear in d on [0, 1] and grows beyond, so the best is d = 0 or 1: min(1, 2 (1 - n_k / n)).
    /// </summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var (means, rows) = MeansOfLastAxis(targets);
        return rows == 0 ? 0f : (float)Math.Min(1, 2 * (1 - means.Max()));
    }

    public override string? CheckTargets(Shape output, Tensor targets, string what)
    {
        var target = targets.Shape.DropFirst();
        int classes = output.Rank == 0 ? 1 : output.Last;
        if (classes > 1 && SparseCategoricalCrossentropy.LabelShaped(output, target) && target != output)
        {
            return $"{what} are class labels (shape {targets.Shape}) but the model has {classes} outputs: one-hot encode the labels for {Name}.";
        }

        if (base.CheckTargets(output, targets, what) is string problem)
        {
            return problem;
        }

        var t = targets.ReadOnlySpan;
        int width = targets.Rank <= 1 ? 1 : targets.Shape.Last;
        for (int r = 0; r * width < t.Length; r++)
        {
            var row = t.Slice(r * width, width);
            int ones = 0;
            foreach (float v in row)
            {
                if (v != 0f && v != 1f)
                {
                    return $"{what} hold {v}, which is not 0 or 1: {Name} takes one-hot targets (one 1 per row).";
                }

                ones += v == 1f ? 1 : 0;
            }

            if (ones != 1)
            {
                return $"{what} hold a row with {ones} ones: {Name} takes one-hot targets (one 1 per row).";
            }
        }

        return null;
    }
}
