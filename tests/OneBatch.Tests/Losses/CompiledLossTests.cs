using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Losses;

public sealed class CompiledLossTests
{
    [Fact]
    public void TheTotalIsTheWeightedSumOfEachOutputsLoss()
    {
        // Output 0: MSE of [1, 2] against [0, 0] = 2.5; output 1: MAE of [3] against [1] = 2. Total 0.5 * 2.5 + 2 * 2 = 5.25.
        var loss = new CompiledLoss([new MeanSquaredError(), new MeanAbsoluteError()], [0.5f, 2f]);
        var total = loss.Call([Tensor.FromArray([0f, 0f], 1, 2), Tensor.FromArray([1f], 1, 1)], [Tensor.FromArray([1f, 2f], 1, 2), Tensor.FromArray([3f], 1, 1)]);
        Assert.Equal(5.25f, total.ToScalar(), 6);
        Assert.Equal(2.5f, loss.OutputLosses[0].ToScalar(), 6);
        Assert.Equal(2f, loss.OutputLosses[1].ToScalar(), 6);
        Assert.Equal("0.5 * mean_squared_error + 2 * mean_absolute_error", loss.ToString());
    }

    [Fact]
    public void OneOutputOfWeightOneIsExactlyItsLoss()
    {
        var y = Uniform(1, new Shape(4, 3));
        var p = Uniform(2, new Shape(4, 3));
        var mse = new MeanSquaredError();
        Assert.Equal(mse.Call(y, p).ToScalar(), new CompiledLoss(mse).Call([y], [p]).ToScalar());
    }

    [Fact]
    public void ItsGradientReachesEachPredictionScaledByItsWeight()
    {
        var y0 = Uniform(1, new Shape(3, 2));
        var y1 = Tensor.FromArray([0f, 2f, 1f], 3);
        var loss = new CompiledLoss([new MeanSquaredError(), new SparseCategoricalCrossentropy(fromLogits: true)], [3f, 0.25f]);
        AssertGradients(t => loss.Call([y0, y1], [t[0], t[1]]), [Uniform(2, new Shape(3, 2)), Uniform(3, new Shape(3, 3))]);
    }

    [Fact]
    public void WeightsMustFitTheOutputs()
    {
        Assert.Throws<ArgumentException>(() => new CompiledLoss([new MeanSquaredError()], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => new CompiledLoss([new MeanSquaredError()], [-1f]));
        Assert.Throws<ArgumentException>(() => new CompiledLoss([]));
    }
}
