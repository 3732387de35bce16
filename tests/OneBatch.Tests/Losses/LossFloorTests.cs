using OneBatch.Losses;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Losses;

/// <summary>What a loss knows about the levels a run can reach with it: the floors mistakes put under it, its best constant prediction.</summary>
public sealed class LossFloorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void TheBestProbabilitiesFedAsLogitsGiveExactlyTheFloor(int classes)
    {
        var y = Categorical.ToCategorical(Tensor.FromArray([0f, 1f, 1f, 0f], 4), classes);
        float floor = new CategoricalCrossentropy(fromLogits: true).FloorOnProbabilities(y, classes);

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

        Assert.Equal(MathF.Log(3), new CategoricalCrossentropy().Baseline(y), 5);
        Assert.Equal(MathF.Log(3), new SparseCategoricalCrossentropy().Baseline(Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f], 6)), 5);
    }
}

/// <summary>How each loss judges predictions and targets: accuracy, and which targets it takes.</summary>
public sealed class LossTargetTests
{
    [Fact]
    public void AccuracyIsMeasuredTheWayEachLossReadsItsTargets()
    {
        var p = Tensor.FromArray([0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f], 2, 3);
        Assert.Equal(0.5f, new CategoricalCrossentropy().Accuracy(p, Tensor.FromArray([1f, 0f, 0f, 0f, 1f, 0f], 2, 3)));
        Assert.Equal(1f, new SparseCategoricalCrossentropy().Accuracy(p, Tensor.FromArray([0f, 2f], 2)));
        Assert.Equal(0.75f, new BinaryCrossentropy().Accuracy(Tensor.FromArray([0.9f, 0.2f, 0.6f, 0.4f], 4, 1), Tensor.FromArray([1f, 0f, 0f, 0f], 4, 1)));
        Assert.Equal(1f, new BinaryCrossentropy(fromLogits: true).Accuracy(Tensor.FromArray([2f, -1f], 2, 1), Tensor.FromArray([1f, 0f], 2, 1)));
        Assert.Null(new MeanSquaredError().Accuracy(p, p));
    }

    [Fact]
    public void TargetsThatDoNotFitSayWhichLossWouldFit()
    {
        var output = new Shape(3);
        var labels = Tensor.FromArray([0f, 2f], 2);
        var oneHot = Categorical.ToCategorical(labels, 3);
        Assert.Null(new SparseCategoricalCrossentropy().CheckTargets(output, labels, "The targets"));
        Assert.Null(new CategoricalCrossentropy().CheckTargets(output, oneHot, "The targets"));
        Assert.Contains("use the loss sparse_categorical_crossentropy", new CategoricalCrossentropy().CheckTargets(output, labels, "The targets"));
        Assert.Contains("go with the loss categorical_crossentropy", new SparseCategoricalCrossentropy().CheckTargets(output, oneHot, "The targets"));
        Assert.Contains("hold 3, which is not a class index in [0, 3)", new SparseCategoricalCrossentropy().CheckTargets(output, Tensor.FromArray([0f, 3f], 2), "The targets"));
        Assert.StartsWith("The targets have per-sample shape [2]", new MeanSquaredError().CheckTargets(new Shape(1), new Tensor(new Shape(2, 2)), "The targets"));
        Assert.Null(new MeanSquaredError().CheckTargets(new Shape(1), new Tensor(new Shape(2)), "The targets"));
    }

    [Fact]
    public void TheBaselineOfTheCrossEntropiesIsTheEntropyOfTheClassFrequencies()
    {
        // Labels 0, 0, 0, 1: p = (3/4, 1/4), entropy -(3/4 ln 3/4 + 1/4 ln 1/4) = 0.5623.
        double h = -((0.75 * Math.Log(0.75)) + (0.25 * Math.Log(0.25)));
        var labels = Tensor.FromArray([0f, 0f, 0f, 1f], 4);
        Assert.Equal(h, new SparseCategoricalCrossentropy().Baseline(labels), 5);
        Assert.Equal(h, new CategoricalCrossentropy().Baseline(Categorical.ToCategorical(labels, 2)), 5);
        Assert.Equal(h, new BinaryCrossentropy().Baseline(new Tensor(new Shape(4, 1), [0f, 0f, 0f, 1f])), 5);
    }
}
