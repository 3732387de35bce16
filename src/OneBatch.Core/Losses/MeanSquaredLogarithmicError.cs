using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2) over the last axis
/// (<c>keras.losses.MeanSquaredLogarithmicError</c>): the squared error of log(1 + x).
/// </summary>
public sealed class MeanSquaredLogarithmicError : Loss
{
    public override string Name => "mean_squared_logarithmic_error";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Ops.Square(Ops.Subtract(Log1p(yPred), Log1p(yTrue))), axis: -1);

    // log(max(x, eps) + 1)
    private static Tensor Log1p(Tensor x) =>
        Ops.Log(Ops.Scale(Ops.Clip(x, CategoricalCrossentropy.Epsilon, float.MaxValue), 1f, 1f));

    /// <summary>
    /// In u = log(max(t, eps) + 1) the loss is the squared error, so the best constant per output element is the mean
    /// of u (a prediction e^mean(u) - 1 >= eps reaches it): the loss is the variance of u.
    /// </summary>
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
                mean += U(values[(i * width) + j]);
            }

            mean /= rows;
            for (int i = 0; i < rows; i++)
            {
                double d = U(values[(i * width) + j]) - mean;
                total += d * d;
            }
        }

        return (float)(total / (rows * (double)width));
    }

    /// <summary>Each target outside the range is met at best by the nearest bound, as log(max(x, eps) + 1) does not decrease.</summary>
    protected override float MeanFloorWithin(Tensor targets, float low, float high)
    {
        double total = 0;
        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            double d = U(Math.Clamp(v, low, high)) - U(v);
            total += d * d;
        }

        return (float)(total / Math.Max(1, t.Length));
    }

    private static double U(double x) => Math.Log(Math.Max(x, 1e-7) + 1);
}
