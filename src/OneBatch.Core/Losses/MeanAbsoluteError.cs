using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>mean(|y_pred - y_true|) over the last axis, then over the batch (<c>keras.losses.MeanAbsoluteError</c>).</summary>
public sealed class MeanAbsoluteError : Loss
{
    public override string Name => "mean_absolute_error";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Ops.Abs(Ops.Subtract(yPred, yTrue)), axis: -1);

    /// <summary>The median of each output element over the batch is the best constant: the loss is the mean absolute deviation from it.</summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var (rows, width) = RowsOf(targets);
        if (rows == 0 || width == 0)
        {
            return 0f;
        }

        var values = targets.ReadOnlySpan;
        var column = new float[rows];
        double total = 0;
        for (int j = 0; j < width; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                column[i] = values[(i * width) + j];
            }

            Array.Sort(column);
            float median = column[rows / 2];
            foreach (float v in column)
            {
                total += Math.Abs(v - median);
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
            total += Math.Abs(v - Math.Clamp(v, low, high));
        }

        return (float)(total / Math.Max(1, t.Length));
    }
}
