using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class HingeTests
{
    [Fact]
    public void ZeroOneTargetsBecomeMinusOneOne()
    {
        // Targets 0, 1, 1 are -1, 1, 1: max(0, 1 - y p) for p = 0.3, 0.4, 2 is 1.3, 0.6, 0: mean 1.9 / 3.
        var p = Tensor.FromArray([0.3f, 0.4f, 2f], 3, 1);
        AssertClose(1.9 / 3, new Hinge().Call(Tensor.FromArray([0f, 1f, 1f], 3, 1), p));
        AssertClose(1.9 / 3, new Hinge().Call(Tensor.FromArray([-1f, 1f, 1f], 3, 1), p));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        // Margins 1 - y p kept away from 0 (the kink): |p| < 0.8 (active) or y p > 1.3 (flat).
        var yTrue = Tensor.FromArray([1f, -1f, 1f, -1f, 1f, -1f], 3, 2);
        var yPred = Tensor.FromArray([0.5f, 0.2f, -0.7f, -1.5f, 1.6f, 0.1f], 3, 2);
        AssertGradients(p => new Hinge().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstant()
    {
        // 3 ones and 1 minus one: c = 1 gives 2 min(3, 1) / 4 = 0.5.
        var y = Tensor.FromArray([1f, 1f, 0f, 1f], 4, 1);
        Assert.Equal(0.5f, new Hinge().Baseline(y), 1e-5f);
        Assert.Equal(BestConstantByGrid(new Hinge(), y, -2f, 2f, 4000), new Hinge().Baseline(y), 1e-4f);
    }

    [Fact]
    public void AccuracyIsTheShareOnTheTargetsSideOfZero()
    {
        Assert.Equal(2f / 3, new Hinge().Accuracy(Tensor.FromArray([-0.3f, 0.4f, -2f], 3, 1), Tensor.FromArray([0f, 1f, 1f], 3, 1))!.Value, 1e-6f);
        Assert.Equal(1f, new Hinge().Accuracy(Tensor.FromArray([-0.3f, 0.4f], 2, 1), Tensor.FromArray([-1f, 1f], 2, 1)));
    }

    [Fact]
    public void TargetsMustBeLabels()
    {
        Assert.Null(new Hinge().CheckTargets(new Shape(1), Tensor.FromArray([0f, 1f], 2, 1), "The targets"));
        Assert.Null(new Hinge().CheckTargets(new Shape(1), Tensor.FromArray([-1f, 1f], 2, 1), "The targets"));
        Assert.Equal(
            "The targets hold 0, which is not a label for hinge: it takes -1/1 targets (or 0/1, which it turns into -1/1).",
            new Hinge().CheckTargets(new Shape(1), Tensor.FromArray([-1f, 0f, 1f], 3, 1), "The targets"));
        Assert.Equal(
            "The targets hold 0.5, which is not a label for hinge: it takes -1/1 targets (or 0/1, which it turns into -1/1).",
            new Hinge().CheckTargets(new Shape(1), Tensor.FromArray([0.5f, 1f], 2, 1), "The targets"));
    }

    [Fact]
    public void ASigmoidOutputCannotGiveANegativeMargin()
    {
        // Targets -1, 1 against predictions in [0, 1]: -1 costs at least 1 + 0 = 1; 1 costs 1 - 1 = 0.
        Assert.Equal(0.5f, new Hinge().FloorWithin(Tensor.FromArray([-1f, 1f], 2, 1), 0f, 1f), 1e-6f);
    }
}
