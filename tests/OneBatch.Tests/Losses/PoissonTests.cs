using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class PoissonTests
{
    [Fact]
    public void TheRateMinusTheCountTimesTheLogRate()
    {
        // p - t ln(p + 1e-7) per element: row 1 (t 1, 0; p 0.5, 1): 0.5 - ln 0.5 and 1; row 2 (t 2, 3; p 2, 1): 2 - 2 ln 2 and 1 - 0.
        double e = 1e-7f;
        double row1 = (0.5 - Math.Log(0.5 + e) + 1) / 2;
        double row2 = (2 - (2 * Math.Log(2 + e)) + 1 - (3 * Math.Log(1 + e))) / 2;
        AssertClose((row1 + row2) / 2, new Poisson().Call(Tensor.FromArray([1f, 0f, 2f, 3f], 2, 2), Tensor.FromArray([0.5f, 1f, 2f, 1f], 2, 2)));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Tensor.FromArray([0f, 1f, 2f, 5f, 1f, 0f], 3, 2);
        var yPred = Uniform(6, new Shape(3, 2), 0.2f, 3f);
        AssertGradients(p => new Poisson().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineAndMinimumAreTheBestRates()
    {
        // Best constant rate: the mean count (2); best per sample: the count itself, t - t ln t (0 for t = 0); both below 0 here.
        var y = Tensor.FromArray([0f, 1f, 2f, 5f], 4, 1);
        var loss = new Poisson();
        Assert.Equal(BestConstantByGrid(loss, y, 0f, 5f, 50000), loss.Baseline(y), 1e-4f);
        Assert.Equal(2 - (2 * Math.Log(2)), loss.Baseline(y), 1e-5);
        Assert.Equal((0 + 1 + (2 - (2 * Math.Log(2))) + (5 - (5 * Math.Log(5)))) / 4, loss.Minimum(y), 1e-5);
        Assert.Equal(loss.Call(y, y).ToScalar(), loss.Minimum(y), 1e-5f);
    }

    [Fact]
    public void NegativeTargetsAreRefused()
    {
        Assert.Null(new Poisson().CheckTargets(new Shape(1), Tensor.FromArray([0f, 3f], 2, 1), "The targets"));
        Assert.Equal(
            "The targets hold -1, which is not a count or rate >= 0: poisson is the likelihood of Poisson counts.",
            new Poisson().CheckTargets(new Shape(1), Tensor.FromArray([0f, -1f], 2, 1), "The targets"));
    }
}
