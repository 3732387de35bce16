using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// When an output's batch counts as memorized. Classification: every sample classified right and the loss below
/// <see cref="ClassificationTarget"/>. Regression: the loss below <see cref="RegressionFraction"/> of the loss of the
/// best constant prediction (<see cref="Loss.Baseline"/>: for MSE, the variance of the targets), so the target
/// scales with the data. Both count from the loss's <see cref="Loss.Minimum"/> (above 0 with label smoothing), and a
/// classification target is a mean per position, so it grows with the batch under the <c>sum</c> reduction.
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
        ArgumentNullException.ThrowIfNull(loss);
        // Both are measured from the lowest loss the targets allow (0, but not under label smoothing or a Poisson loss).
        float minimum = loss.Minimum(y);
        return loss.IsClassification
            ? minimum + loss.Reduced(ClassificationTarget, y)
            : minimum + MathF.Max(MinimumTarget, RegressionFraction * (loss.Baseline(y) - minimum));
    }
}
