using System.Globalization;
using OneBatch.Losses;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// The loss at step 0 against what an untrained classifier should give: ln(C) for a softmax over C classes (its
/// probabilities start near 1/C), ln(2) for a binary cross-entropy. Far from it (off by more than a factor of
/// <see cref="Factor"/>) is worth a remark: the initial predictions are overconfident (large initial weights,
/// unscaled inputs) or already know the answer.
/// </summary>
public static class InitialLossRemark
{
    public const float Factor = 2f;

    public static string? For(Loss loss, float initialLoss, int classes)
    {
        if (!loss.IsClassification || !float.IsFinite(initialLoss))
        {
            return null;
        }

        bool binary = loss is BinaryCrossentropy;
        if (!binary && classes < 2)
        {
            return null;
        }

        double expected = binary ? Math.Log(2) : Math.Log(classes);
        if (initialLoss <= expected * Factor && initialLoss >= expected / Factor)
        {
            return null;
        }

        string what = binary ? "ln(2)" : $"ln({classes})";
        string why = initialLoss > expected
            ? "the untrained model is confidently wrong (large initial weights or unscaled inputs?)"
            : "the untrained model already favours the right answers (labels leaking into the inputs?)";
        return string.Create(CultureInfo.InvariantCulture, $"The loss at step 0 is {initialLoss:G4}, far from {what} = {expected:G4} expected before training: {why}.");
    }
}
