using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class SquaredHingeTests
{
    [Fact]
    public void TheSquareOfTheHinge()
    {
        // Targets 0, 1, 1 are -1, 1, 1; hinges 1.3, 0.6, 0 squared: 1.69 + 0.36 + 0 = 2.05, over 3.
        AssertClose(2.05 / 3, new SquaredHinge().Call(Tensor.FromArray([0f, 1f, 1f], 3, 1), Tensor.FromArray([0.3f, 0.4f, 2f], 3, 1)));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Tensor.FromArray([1f, -1f, 1f, -1f, 1f, -1f], 3, 2);
        var yPred = Tensor.FromArray([0.5f, 0.2f, -0.7f, -1.5f, 1.6f, 0.1f], 3, 2);
        AssertGradients(p => new SquaredHinge().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstant()
    {
        // 3 ones, 1 minus one: c = (3 - 1) / 4 = 0.5: (3 * 0.25 + 2.25) / 4 = 0.75.
        var y = Tensor.FromArray([1f, 1f, -1f, 1f], 4, 1);
        Assert.Equal(0.75f, new SquaredHinge().Baseline(y), 1e-5f);
        Assert.Equal(BestConstantByGrid(new SquaredHinge(), y, -2f, 2f, 4000), new SquaredHinge().Baseline(y), 1e-4f);
    }

    [Fact]
    public void TargetsMustBeLabels()
    {
        Assert.Null(new SquaredHinge().CheckTargets(new Shape(1), Tensor.FromArray([0f, 1f], 2, 1), "The targets"));
        Assert.Equal(
            "The targets hold 2, which is not a label for squared_hinge: it takes -1/1 targets (or 0/1, which it turns into -1/1).",
            new SquaredHinge().CheckTargets(new Shape(1), Tensor.FromArray([2f, 1f], 2, 1), "The targets"));
    }
}
