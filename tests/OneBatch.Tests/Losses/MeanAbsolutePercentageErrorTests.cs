using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

public sealed class MeanAbsolutePercentageErrorTests
{
    [Fact]
    public void TheErrorAsAPercentageOfTheTarget()
    {
        // Row 1: |2 - 1| / 2 = 0.5 and |-4 + 5| / 4 = 0.25: 100 * 0.375.  Row 2: target 0 divides by 1e-7: |0 - 0.5| / 1e-7 = 5e6,
        // and |1 - 1| = 0: 100 * 2.5e6.
        double row2 = 100 * (0.5 / 1e-7f) / 2;
        AssertClose((37.5 + row2) / 2, new MeanAbsolutePercentageError().Call(Tensor.FromArray([2f, -4f, 0f, 1f], 2, 2), Tensor.FromArray([1f, -5f, 0.5f, 1f], 2, 2)));
    }

    [Fact]
    public void ItsGradientMatchesFiniteDifferences()
    {
        var yTrue = Away(8, new Shape(4, 3), 0.5f, 2f);
        var yPred = new Tensor(yTrue.Shape);
        TensorPrimitives.Add(yTrue.Span, Away(9, yTrue.Shape, 0.1f, 1f).Span, yPred.Span);
        AssertGradients(p => new MeanAbsolutePercentageError().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void TheBaselineIsTheBestConstant()
    {
        // A median weighted by 1 / |t|: small targets pull hardest.
        var y = Tensor.FromArray([1f, 2f, 4f, 8f], 4, 1);
        Assert.Equal(BestConstantByGrid(new MeanAbsolutePercentageError(), y, 1f, 8f, 7000), new MeanAbsolutePercentageError().Baseline(y), 1e-3f);
    }
}
