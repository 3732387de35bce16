using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// When a batch counts as memorized. Classification: every sample classified right and the loss below
/// <see cref="ClassificationTarget"/>. Regression: the loss below <see cref="RegressionFraction"/> of the loss of the
/// best constant prediction (for MSE, the variance of the targets), so the target scales with the data.
/// </summary>
public static class TargetPolicy
{
    /// <summary>The cross-entropy under which a classification batch is memorized (mean probability of the right class about 0.99).</summary>
    public const float ClassificationTarget = 0.01f;

    /// <summary>The share of the constant-prediction baseline under which a regression batch is memorized.</summary>
    public const float RegressionFraction = 1e-3f;

    /// <summary>The floor used when the targets are constant.</summary>
    public const float MinimumTarget = 1e-6f;

    public static float TargetFor(Loss loss, Tensor y)
    {
        if (loss.IsClassification)
        {
            return ClassificationTarget;
        }

        return MathF.Max(MinimumTarget, RegressionFraction * Baseline(loss, y));
    }

    /// <summary>
    /// The loss of the best prediction that ignores the input: per output, the mean of the targets under MSE (the loss
    /// is then their variance) or the median under MAE (the mean absolute deviation from it).
    /// </summary>
    public static float Baseline(Loss loss, Tensor y)
    {
        // A prediction that ignores the input may still differ per output element: one column per element of a sample.
        int rows = y.Rank == 0 ? 1 : y.Shape[0];
        int width = rows == 0 ? 0 : y.Size / rows;
        if (rows == 0 || width == 0)
        {
            return 0f;
        }

        var values = y.ReadOnlySpan;
        double total = 0;
        var column = new float[rows];
        for (int j = 0; j < width; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                column[i] = values[(i * width) + j];
            }

            if (loss is MeanAbsoluteError)
            {
                Array.Sort(column);
                float median = column[rows / 2];
                foreach (float v in column)
                {
                    total += Math.Abs(v - median);
                }
            }
            else
            {
                double mean = column.Average();
                foreach (float v in column)
                {
                    total += (v - mean) * (v - mean);
                }
            }
        }

        return (float)(total / (rows * (double)width));
    }
}
