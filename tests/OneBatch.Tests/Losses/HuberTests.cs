using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class HuberTests
{
    [Fact]
    public void QuadraticNearTheTargetLinearBeyondDelta()
    {
        // delta 1: errors 0.6, -0.6 | 0.4, 0.6 give 0.5 e^2 = 0.18, 0.18 | 0.08, 0.18: rows 0.18 and 0.13, mean 0.155 (Keras's example).
        AssertClose(0.155, new Huber().Call(Tensor.FromArray([0f, 1f, 0f, 0f], 2, 2), Tensor.FromArray([0.6f, 0.4f, 0.4f, 0.6f], 2, 2)));

        // delta 2: error 3 is linear, 2 * 3 - 0.5 * 4 = 4; error 0.5 quadratic, 0.125: mean 2.0625.
        AssertClose(2.0625, new Huber(2f).Call(Tensor.FromArray([0f, 0f], 1, 2), Tensor.FromArray([3f, 0.5f], 1, 2)));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        // Errors up to 3 cross delta = 1 (the loss is C1 there, so central differences hold).
        var yTrue = Uniform(1, new Shape(4, 3));
        var yPred = Uniform(2, new Shape(4, 3), -3f, 3f);
        AssertGradients(p => new Huber().Call(yTrue, p[0]), [yPred]);
        AssertGradients(p => new Huber(0.5f).Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstant()
    {
        // An outlier: the best constant lies between the median (MAE's) and the mean (MSE's).
        var y = Tensor.FromArray([0f, 0.5f, 1f, 1.5f, 10f], 5, 1);
        foreach (float delta in new[] { 1f, 3f })
        {
            var loss = new Huber(delta);
            Assert.Equal(BestConstantByGrid(loss, y, 0f, 10f, 10000), loss.Baseline(y), 1e-4f);
        }
    }

    [Fact]
    public void ANonPositiveDeltaThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(float.NaN));
    }

    [Fact]
    public void ABoundedOutputMeetsOutsideTargetsAtItsBound()
    {
        // Targets 2 and -0.5 against [0, 1]: errors 1 and 0.5: 0.5 and 0.125, mean 0.3125.
        Assert.Equal(0.3125f, new Huber().FloorWithin(Tensor.FromArray([2f, -0.5f], 2, 1), 0f, 1f), 1e-6f);
    }
}
