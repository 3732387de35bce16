using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class MeanSquaredLogarithmicErrorTests
{
    [Fact]
    public void TheSquaredErrorOfLogOnePlusX()
    {
        // Target 0 and 1 against 1 and -2 (clipped to 1e-7): (ln 2 - ln(1 + 1e-7))^2 and (ln(1 + 1e-7) - ln 2)^2.
        double d = Math.Log(2) - Math.Log(1 + 1e-7f);
        AssertClose(d * d, new MeanSquaredLogarithmicError().Call(Tensor.FromArray([0f, 1f], 1, 2), Tensor.FromArray([1f, -2f], 1, 2)));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Uniform(10, new Shape(4, 3), 0f, 3f);
        var yPred = Uniform(11, new Shape(4, 3), 0.1f, 3f);
        AssertGradients(p => new MeanSquaredLogarithmicError().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstant()
    {
        var y = Tensor.FromArray([0f, 1f, 3f, 15f], 4, 1);
        Assert.Equal(BestConstantByGrid(new MeanSquaredLogarithmicError(), y, 0f, 15f, 15000), new MeanSquaredLogarithmicError().Baseline(y), 1e-4f);
    }

    [Fact]
    public void ABoundedOutputMeetsOutsideTargetsAtItsBound()
    {
        // Target 3 against [0, 1]: (ln 2 - ln 4)^2 = (ln 2)^2.
        Assert.Equal(Math.Log(2) * Math.Log(2), new MeanSquaredLogarithmicError().FloorWithin(Tensor.FromArray([3f], 1, 1), 0f, 1f), 1e-6);
    }
}
