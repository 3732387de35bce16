using OneBatch.Check;
using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class TargetPolicyTests
{
    [Fact]
    public void TheMseBaselineIsTheVarianceOfEachOutput()
    {
        // Column 0: [1, 2, 3, 6], mean 3, squared deviations 4 + 1 + 0 + 9 = 14;
        // column 1: [0, 0, 2, 2], mean 1, squared deviations 4 * 1 = 4;  baseline (14 + 4) / 8 = 2.25.
        var y = Tensor.FromArray([1f, 0f, 2f, 0f, 3f, 2f, 6f, 2f], 4, 2);
        Assert.Equal(2.25f, new MeanSquaredError().Baseline(y), 1e-6f);
        Assert.Equal(2.25e-3f, TargetPolicy.TargetFor(new MeanSquaredError(), y), 1e-9f);

        // The baseline is exactly the MSE of predicting each column's mean.
        var means = Tensor.FromArray([3f, 1f, 3f, 1f, 3f, 1f, 3f, 1f], 4, 2);
        Assert.Equal(new MeanSquaredError().Call(y, means).ToScalar(), new MeanSquaredError().Baseline(y), 1e-6f);
    }

    [Fact]
    public void TheMaeBaselineIsTheDeviationFromTheMedian()
    {
        // [1, 2, 3, 10, 4]: median 3, absolute deviations 2 + 1 + 0 + 7 + 1 = 11, / 5.
        var y = Tensor.FromArray([1f, 2f, 3f, 10f, 4f], 5);
        Assert.Equal(11f / 5, new MeanAbsoluteError().Baseline(y), 1e-6f);
    }

    [Fact]
    public void ConstantTargetsGetTheFloorAndClassificationAFixedTarget()
    {
        var y = Tensor.Full(new Shape(6, 1), 0.5f);
        Assert.Equal(TargetPolicy.MinimumTarget, TargetPolicy.TargetFor(new MeanSquaredError(), y));
        Assert.Equal(TargetPolicy.ClassificationTarget, TargetPolicy.TargetFor(new CategoricalCrossentropy(), y));
    }

    [Fact]
    public void TheRegressionBaselineIsPerOutputElementAcrossSamples()
    {
        // y: [2, 2, 1]. Sample 0 = (0, 10), sample 1 = (2, 10): the best input-independent prediction is (1, 10), whose
        // MSE is ((1 + 0) + (1 + 0)) / 4 = 0.5. Pooling the positions instead would give a mean of 5.5 and a loss of 20.5.
        var y = new Tensor(new Shape(2, 2, 1), [0f, 10f, 2f, 10f]);
        Assert.Equal(0.5f, new MeanSquaredError().Baseline(y), 5);
    }
}
