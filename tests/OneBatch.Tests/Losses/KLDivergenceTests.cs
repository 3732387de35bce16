using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class KLDivergenceTests
{
    [Fact]
    public void TheSumOfTLogTOverPWithBothClipped()
    {
        // Row 1: t = [0, 1] (0 clipped to 1e-7) against [0.2, 0.8]: 1e-7 ln(1e-7 / 0.2) + ln(1 / 0.8).
        // Row 2: t = [0.5, 0.5] against [0.25, 0.75]: 0.5 ln 2 + 0.5 ln(2/3).
        double eps = 1e-7f;
        double row1 = (eps * Math.Log(eps / 0.2)) + Math.Log(1 / 0.8);
        double row2 = (0.5 * Math.Log(2)) + (0.5 * Math.Log(0.5 / 0.75));
        AssertClose((row1 + row2) / 2, new KLDivergence().Call(Tensor.FromArray([0f, 1f, 0.5f, 0.5f], 2, 2), Tensor.FromArray([0.2f, 0.8f, 0.25f, 0.75f], 2, 2)));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Tensor.FromArray([0.2f, 0.3f, 0.5f, 0.6f, 0.1f, 0.3f, 0f, 1f, 0f], 3, 3);
        var yPred = Uniform(5, new Shape(3, 3), 0.1f, 0.9f);
        AssertGradients(p => new KLDivergence().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstantDistribution()
    {
        // Over the distributions (p, 1 - p) on a grid: the best is the mean target row.
        var y = Tensor.FromArray([1f, 0f, 1f, 0f, 0f, 1f, 0.5f, 0.5f], 4, 2);
        float best = float.PositiveInfinity;
        for (int k = 1; k < 10000; k++)
        {
            float p = k / 10000f;
            var row = Tensor.FromArray([p, 1 - p, p, 1 - p, p, 1 - p, p, 1 - p], 4, 2);
            best = MathF.Min(best, new KLDivergence().Call(y, row).ToScalar());
        }

        Assert.Equal(best, new KLDivergence().Baseline(y), 1e-4f);
        Assert.Equal(0f, new KLDivergence().Minimum(y), 1e-5f);
    }

    [Fact]
    public void TargetsMustBeDistributions()
    {
        var output = new Shape(2);
        Assert.Null(new KLDivergence().CheckTargets(output, Tensor.FromArray([0.3f, 0.7f, 1f, 0f], 2, 2), "The targets"));
        Assert.Equal(
            "The targets hold 1.5, which is not a probability in [0, 1]: kl_divergence compares probability distributions (one per row).",
            new KLDivergence().CheckTargets(output, Tensor.FromArray([0.3f, 0.7f, 1.5f, 0f], 2, 2), "The targets"));
        Assert.Equal(
            "The targets hold a row that sums to 0.5 at sample 1, not 1: kl_divergence compares probability distributions, so each row of targets must sum to 1.",
            new KLDivergence().CheckTargets(output, Tensor.FromArray([0.3f, 0.7f, 0.25f, 0.25f], 2, 2), "The targets"));
    }
}
