using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// sum(y_true log(y_true / y_pred)) over the last axis, both clipped to [1e-7, 1] (<c>keras.losses.KLDivergence</c>):
/// how far the predicted distribution is from the target distribution.
/// </summary>
public sealed class KLDivergence : Loss
{
    public override string Name => "kl_divergence";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        const float eps = CategoricalCrossentropy.Epsilon;
        var t = Ops.Clip(yTrue, eps, 1f);
        var p = Ops.Clip(yPred, eps, 1f);
        return Ops.Sum(Ops.Multiply(t, Ops.Log(Ops.Divide(t, p))), axis: -1);
    }

    /// <summary>
    /// The best constant distribution (what a softmax output that ignores its input gives; the loss compares
    /// distributions) is the mean of the clipped target rows t, scaled to sum to 1: q = m / sum(m), and the loss is the
    /// mean over rows of sum(t log(t / q)).
    /// </summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var t = Clipped(targets, out int rows, out int width);
        if (rows == 0)
        {
            return 0f;
        }

        var q = new double[width];
        for (int i = 0; i < t.Length; i++)
        {
            q[i % width] += t[i];
        }

        double s = q.Sum();
        double total = 0;
        for (int i = 0; i < t.Length; i++)
        {
            total += t[i] * Math.Log(t[i] / Math.Max(q[i % width] / s, 1e-7));
        }

        return (float)(total / rows);
    }

    /// <summary>
    /// Over distributions p, sum(t log(t / p)) is least at p = t / s with s = sum(t) (1 plus 1e-7 per clipped zero):
    /// s ln s per row, about 0.
    /// </summary>
    protected override float MeanMinimum(Tensor targets)
    {
        var t = Clipped(targets, out int rows, out int width);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int j = 0; j < width; j++)
            {
                s += t[(r * width) + j];
            }

            total += s * Math.Log(s);
        }

        return rows == 0 ? 0f : (float)(total / rows);
    }

    public override string? CheckTargets(Shape output, Tensor targets, string what)
    {
        if (base.CheckTargets(output, targets, what) is string problem)
        {
            return problem;
        }

        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            if (!(v >= 0f && v <= 1f))
            {
                return $"{what} hold {v}, which is not a probability in [0, 1]: {Name} compares probability distributions (one per row).";
            }
        }

        int width = targets.Rank <= 1 ? 1 : targets.Shape.Last;
        int rowsPerSample = Math.Max(1, t.Length / width / Math.Max(1, RowsOf(targets).Rows));
        for (int r = 0; r * width < t.Length; r++)
        {
            float sum = TensorPrimitives.Sum(t.Slice(r * width, width));
            if (MathF.Abs(sum - 1f) > 1e-3f)
            {
                return $"{what} hold a row that sums to {sum} at sample {r / rowsPerSample}, not 1: {Name} compares probability distributions, so each row of targets must sum to 1.";
            }
        }

        return null;
    }

    private static double[] Clipped(Tensor targets, out int rows, out int width)
    {
        var t = targets.ReadOnlySpan;
        width = targets.Rank <= 1 ? 1 : targets.Shape.Last;
        rows = t.Length / Math.Max(1, width);
        var y = new double[t.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Clamp(t[i], 1e-7f, 1f);
        }

        return y;
    }
}
