using OneBatch.Losses;
using OneBatch.Tensors;
using OneBatch.Utils;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class CategoricalHingeTests
{
    [Fact]
    public void TheBestOtherScoreMinusTheTargetsScorePlusOne()
    {
        // Row 1: class 1, scores [0.2, 0.5, 0.1]: pos 0.5, neg max(0.2, 0, 0.1) = 0.2: max(0, 0.2 - 0.5 + 1) = 0.7.
        // Row 2: class 0, scores [-0.5, -0.2, -0.3]: pos -0.5, neg max(0, -0.2, -0.3) = 0 (the target's own entry): 1.5.
        var yTrue = Tensor.FromArray([0f, 1f, 0f, 1f, 0f, 0f], 2, 3);
        var yPred = Tensor.FromArray([0.2f, 0.5f, 0.1f, -0.5f, -0.2f, -0.3f], 2, 3);
        AssertClose(1.1, new CategoricalHinge().Call(yTrue, yPred));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Categorical.ToCategorical([0, 2, 1, 2], 3);
        var yPred = Uniform(7, new Shape(4, 3), 0.1f, 0.9f);
        AssertGradients(p => new CategoricalHinge().Call(yTrue, p[0]), [yPred]);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 1 })] // a majority class: 2 (1 - 3/4) = 0.5
    [InlineData(new[] { 0, 1, 2, 0 })] // no majority: 1
    public void TheBaselineIsTheBestConstant(int[] labels)
    {
        var y = Categorical.ToCategorical(labels, 3);
        Assert.Equal(BestConstantByGrid(new CategoricalHinge(), y, -1f, 2f, 30), new CategoricalHinge().Baseline(y), 1e-5f);
    }

    [Fact]
    public void TargetsMustBeOneHot()
    {
        var output = new Shape(3);
        Assert.Null(new CategoricalHinge().CheckTargets(output, Categorical.ToCategorical([0, 2], 3), "The targets"));
        Assert.Equal(
            "The targets are class labels (shape [2]) but the model has 3 outputs: one-hot encode the labels for categorical_hinge.",
            new CategoricalHinge().CheckTargets(output, Tensor.FromArray([0f, 2f], 2), "The targets"));
        Assert.Equal(
            "The targets hold a row with 2 ones: categorical_hinge takes one-hot targets (one 1 per row).",
            new CategoricalHinge().CheckTargets(output, Tensor.FromArray([1f, 0f, 0f, 1f, 1f, 0f], 2, 3), "The targets"));
        Assert.Equal(
            "The targets hold 0.5, which is not 0 or 1: categorical_hinge takes one-hot targets (one 1 per row).",
            new CategoricalHinge().CheckTargets(output, Tensor.FromArray([0.5f, 0.5f, 0f], 1, 3), "The targets"));
    }
}
