using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// 100 mean(|(y_true - y_pred) / max(|y_true|, 1e-7)|) over the last axis (<c>keras.losses.MeanAbsolutePercentageError</c>):
/// the error as a percentage of the target.
/// </summary>
public sealed class MeanAbsolutePercentageError : Loss
{
    public override string Name => "mean_absolute_percentage_error";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var scale = Ops.Clip(Ops.Abs(yTrue), CategoricalCrossentropy.Epsilon, float.MaxValue);
        var relative = Ops.Abs(Ops.Divide(Ops.Subtract(yTrue, yPred), scale));
        return Ops.Scale(Ops.Mean(relative, axis: -1), 100f);
    }

    /// <summary>The best constant per output element (a median weighted by 1 / |t|), by a 1-D search: the loss is convex in it.</summary>
    protected override float MeanBaseline(Tensor targets) => BestConstantPerElement(targets, Of);

    /// <summary>Each target outside the range is met at best by the nearest bound.</summary>
    protected override float MeanFloorWithin(Tensor targets, float low, float high)
    {
        double total = 0;
        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            total += Of(Math.Clamp(v, low, high), v);
        }

        return (float)(total / Math.Max(1, t.Length));
    }

    // The loss of prediction c for target t.
    private static double Of(double c, double t) => 100 * Math.Abs(t - c) / Math.Max(Math.Abs(t), 1e-7);
}
