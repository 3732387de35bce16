using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>mean((y_pred - y_true)^2) over the last axis, then over the batch (<c>keras.losses.MeanSquaredError</c>).</summary>
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mean_squared_error";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Ops.Square(Ops.Subtract(yPred, yTrue)), axis: -1);

    /// <summary>The mean of each output element over the batch is the best constant: the loss is the variance of the targets.</summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var (rows, width) = RowsOf(targets);
        if (rows == 0 || width == 0)
        {
            return 0f;
        }

        var values = targets.ReadOnlySpan;
        double total = 0;
        for (int j = 0; j < width; j++)
        {
            double mean = 0;
            for (int i = 0; i < rows; i++)
            {
                mean += values[(i * width) + j];
            }

            mean /= rows;
            for (int i = 0; i < rows; i++)
            {
                double d = values[(i * width) + j] - mean;
                total += d * d;
            }
        }

        return (float)(total / (rows * (double)width));
    }

    /// <summary>Each target outside the range is met at best by the nearest bound.</summary>
    protected override float MeanFloorWithin(Tensor targets, float low, float high)
    {
        double total = 0;
        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            double gap = v - Math.Clamp(v, low, high);
            total += gap * gap;
        }

        return (float)(total / Math.Max(1, t.Length));
    }
}
