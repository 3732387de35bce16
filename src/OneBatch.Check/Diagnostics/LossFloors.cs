using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>The loss levels a bug predicts: what a run stalls at when its output ignores the input, or cannot reach its targets.</summary>
public static class LossFloors
{
    /// <summary>
    /// The loss of the best prediction that ignores the input: the variance of the targets (MSE), the mean deviation
    /// from the median (MAE), the entropy of the class frequencies (cross-entropies; ln(C) for balanced classes).
    /// </summary>
    public static float InputIndependent(Loss loss, Tensor y)
    {
        if (!loss.IsClassification)
        {
            return TargetPolicy.Baseline(loss, y);
        }

        var t = y.ReadOnlySpan;
        if (loss is SparseCategoricalCrossentropy)
        {
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

        int width = y.Rank <= 1 ? 1 : y.Shape.Last;
        int rows = t.Length / Math.Max(1, width);
        double total = 0;
        var mean = new double[width];
        for (int i = 0; i < t.Length; i++)
        {
            mean[i % width] += t[i] / rows;
        }

        for (int i = 0; i < t.Length; i++)
        {
            double p = Math.Clamp(mean[i % width], 1e-7, 1 - 1e-7);
            total += loss is BinaryCrossentropy
                ? (-(t[i] * Math.Log(p)) - ((1 - t[i]) * Math.Log(1 - p))) / width
                : -t[i] * Math.Log(p);
        }

        return (float)(total / rows);
    }

    /// <summary>
    /// The floor of a loss that expects logits when it is fed probabilities (values in [0, 1]): for one-hot targets
    /// over C classes the best is 1 for the right class and 0 elsewhere, giving ln(1 + (C-1)/e); for binary
    /// cross-entropy, per target t the minimum over p in [0, 1] of softplus(p) - t p. NaN when it cannot be worked out.
    /// </summary>
    public static float ProbabilitiesAsLogits(Loss loss, Tensor y, int classes)
    {
        var t = y.ReadOnlySpan;
        switch (loss)
        {
            case SparseCategoricalCrossentropy:
                return (float)Math.Log(1 + ((classes - 1) / Math.E));
            case CategoricalCrossentropy:
                foreach (float v in t)
                {
                    if (v != 0f && v != 1f)
                    {
                        return float.NaN;
                    }
                }

                return (float)Math.Log(1 + ((classes - 1) / Math.E));
            case BinaryCrossentropy:
                double total = 0;
                foreach (float v in t)
                {
                    double p = Math.Clamp(v <= 0.5f ? 0 : Math.Log(v / (1 - (double)v)), 0, 1);
                    total += Math.Log(1 + Math.Exp(p)) - (v * p);
                }

                return (float)(total / Math.Max(1, t.Length));
            default:
                return float.NaN;
        }
    }

    /// <summary>The range of values an activation can produce, or null if it is unbounded.</summary>
    public static (float Low, float High)? RangeOf(string? activation) => activation switch
    {
        "relu" or "softplus" or "exponential" => (0f, float.PositiveInfinity),
        "sigmoid" or "softmax" => (0f, 1f),
        "tanh" => (-1f, 1f),
        _ => null,
    };

    /// <summary>
    /// The loss floor when every prediction is confined to [low, high]: each target outside is at best met by the
    /// nearest bound. NaN for losses other than MSE and MAE.
    /// </summary>
    public static float OutOfRange(Loss loss, Tensor y, float low, float high)
    {
        if (loss is not (MeanSquaredError or MeanAbsoluteError))
        {
            return float.NaN;
        }

        double total = 0;
        var t = y.ReadOnlySpan;
        foreach (float v in t)
        {
            double gap = v - Math.Clamp(v, low, high);
            total += loss is MeanSquaredError ? gap * gap : Math.Abs(gap);
        }

        return (float)(total / Math.Max(1, t.Length));
    }
}
