using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class LogCoshTests
{
    [Fact]
    public void TheLogOfTheHyperbolicCosineOfTheError()
    {
        // Errors 1, 0 | 0, 0: log cosh 1 = 0.43378; rows 0.21689 and 0, mean 0.10844 (Keras's example).
        AssertClose(Math.Log(Math.Cosh(1)) / 4, new LogCosh().Call(Tensor.FromArray([0f, 1f, 0f, 0f], 2, 2), Tensor.FromArray([1f, 1f, 0f, 0f], 2, 2)));

        // A large error does not overflow: log cosh 100 = 100 - ln 2.
        AssertClose(100 - Math.Log(2), new LogCosh().Call(Tensor.FromArray([0f], 1, 1), Tensor.FromArray([-100f], 1, 1)), 1e-6);
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Uniform(3, new Shape(4, 3));
        var yPred = Uniform(4, new Shape(4, 3), -3f, 3f);
        AssertGradients(p => new LogCosh().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstant()
    {
        var y = Tensor.FromArray([0f, 0.5f, 1f, 1.5f, 6f], 5, 1);
        Assert.Equal(BestConstantByGrid(new LogCosh(), y, 0f, 6f, 6000), new LogCosh().Baseline(y), 1e-4f);
    }
}
