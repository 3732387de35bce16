using System.Globalization;
using OneBatch.Losses;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// The loss at step 0 against what an untrained classifier should give (the loss's
/// <see cref="Loss.ExpectedInitialLoss"/>: ln(C) for a softmax over C classes, whose probabilities start near 1/C;
/// ln(2) for a binary cross-entropy). Far from it (off by more than a factor of <see cref="Factor"/>) is worth a
/// remark: the initial predictions are overconfident (large initial weights, unscaled inputs) or already know the answer.
/// </summary>
public static class InitialLossRemark
{
    public const float Factor = 2f;

    /// <param name="output">Names the output in the remark (null for a model with one output).</param>
    public static string? For(Loss loss, float initialLoss, int classes, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!float.IsFinite(initialLoss) || loss.ExpectedInitialLoss(classes) is not double expected)
        {
            return null;
        }

        if (initialLoss <= expected * Factor && initialLoss >= expected / Factor)
        {
            return null;
        }

        string what = loss is BinaryCrossentropy ? "ln(2)" : $"ln({classes})";
        string why = initialLoss > expected
            ? "the untrained model is confidently wrong (large initial weights or unscaled inputs?)"
            : "the untrained model already favours the right answers (labels leaking into the inputs?)";
        string which = output is null ? string.Empty : $" of output '{output}'";
        return string.Create(CultureInfo.InvariantCulture, $"The loss{which} at step 0 is {initialLoss:G4}, far from {what} = {expected:G4} expected before training: {why}.");
    }
}
