using OneBatch.Check.Diagnostics;
using OneBatch.Losses;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Check.Diagnostics;

public sealed class LossFloorsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void TheBestProbabilitiesFedAsLogitsGiveExactlyTheFloor(int classes)
    {
        var y = Categorical.ToCategorical(Tensor.FromArray([0f, 1f, 1f, 0f], 4), classes);
        float floor = LossFloors.ProbabilitiesAsLogits(new CategoricalCrossentropy(fromLogits: true), y, classes);

        // The best a softmax output can do is the one-hot target itself; a softer one does worse.
        float best = new CategoricalCrossentropy(fromLogits: true).Call(y, y).ToScalar();
        var soft = new Tensor(y.Shape);
        TensorPrimitives.Multiply(y.ReadOnlySpan, 0.9f, soft.Span);
        TensorPrimitives.Add(soft.Span, 0.1f / classes, soft.Span);
        float worse = new CategoricalCrossentropy(fromLogits: true).Call(y, soft).ToScalar();

        Assert.Equal(best, floor, 5);
        Assert.True(worse > floor);
    }

    [Fact]
    public void TheInputIndependentLossOfBalancedClassesIsLnC()
    {
        var y = Categorical.ToCategorical(Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f], 6), 3);

        Assert.Equal(MathF.Log(3), LossFloors.InputIndependent(new CategoricalCrossentropy(), y), 5);
        Assert.Equal(MathF.Log(3), LossFloors.InputIndependent(new SparseCategoricalCrossentropy(), Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f], 6)), 5);
    }
}
