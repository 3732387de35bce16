using OneBatch.Losses;
using OneBatch.Tensors;
using OneBatch.Utils;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Losses;

/// <summary>Every loss's gradient with respect to the prediction, against finite differences.</summary>
public sealed class LossGradientTests
{
    [Theory]
    [InlineData(new[] { 4, 3 })]
    [InlineData(new[] { 5, 1 })]
    [InlineData(new[] { 2, 3, 2 })]
    public void MeanSquaredError(int[] shape)
    {
        var yTrue = Uniform(1, new Shape(shape));
        var yPred = Uniform(2, new Shape(shape));
        AssertGradients(p => new MeanSquaredError().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void MeanAbsoluteError()
    {
        // The prediction is the target plus an offset of magnitude >= 0.1: |pred - true| stays off its kink.
        var yTrue = Uniform(3, new Shape(4, 3));
        var offset = Away(4, new Shape(4, 3), 0.1f, 1f);
        var yPred = new Tensor(yTrue.Shape);
        TensorPrimitives.Add(yTrue.Span, offset.Span, yPred.Span);
        AssertGradients(p => new MeanAbsoluteError().Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void CategoricalCrossentropyFromProbabilities()
    {
        // Unnormalized positive scores in [0.2, 1): after renormalization every p is well inside [1e-7, 1 - 1e-7], so
        // the gradient flows through the division by the row sum (a soft target makes every class matter).
        var yTrue = SoftTargets(5, new Shape(4, 3));
        var yPred = Uniform(6, new Shape(4, 3), 0.2f, 1f);
        AssertGradients(p => new CategoricalCrossentropy().Call(yTrue, p[0]), [yPred]);
        var oneHot = Categorical.ToCategorical([0, 2, 1, 2], 3);
        AssertGradients(p => new CategoricalCrossentropy().Call(oneHot, p[0]), [yPred]);
    }

    [Fact]
    public void CategoricalCrossentropyFromLogits()
    {
        var yTrue = SoftTargets(7, new Shape(4, 5));
        var logits = Uniform(8, new Shape(4, 5), -3f, 3f);
        AssertGradients(p => new CategoricalCrossentropy(fromLogits: true).Call(yTrue, p[0]), [logits]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SparseCategoricalCrossentropy(bool fromLogits, bool columnLabels)
    {
        float[] labels = [0f, 2f, 1f, 2f];
        var yTrue = columnLabels ? Tensor.FromArray(labels, 4, 1) : Tensor.FromArray(labels, 4);
        var yPred = fromLogits ? Uniform(9, new Shape(4, 3), -3f, 3f) : Uniform(10, new Shape(4, 3), 0.2f, 1f);
        AssertGradients(p => new SparseCategoricalCrossentropy(fromLogits).Call(yTrue, p[0]), [yPred]);
    }

    [Theory]
    [InlineData(false, new[] { 6, 1 })]
    [InlineData(false, new[] { 3, 4 })]
    [InlineData(true, new[] { 6, 1 })]
    [InlineData(true, new[] { 3, 4 })]
    public void BinaryCrossentropy(bool fromLogits, int[] shape)
    {
        var yTrue = new RandomGenerator(11).Integers(new Shape(shape), 0, 2);
        yTrue.Span[0] = 0.3f; // a soft label too
        var yPred = fromLogits ? Uniform(12, new Shape(shape), -4f, 4f) : Uniform(13, new Shape(shape), 0.1f, 0.9f);
        AssertGradients(p => new BinaryCrossentropy(fromLogits).Call(yTrue, p[0]), [yPred]);
    }

    [Fact]
    public void ARankMatchedTargetGetsTheElementwiseGradient()
    {
        // [N] targets against [N, 1] predictions.
        var yTrue = Uniform(14, new Shape(5));
        var yPred = Uniform(15, new Shape(5, 1));
        AssertGradients(p => new MeanSquaredError().Call(yTrue, p[0]), [yPred]);
        var labels = Tensor.FromArray([0f, 1f, 1f, 0f, 1f], 5);
        AssertGradients(p => new BinaryCrossentropy(fromLogits: true).Call(labels, p[0]), [yPred]);
    }

    private static Tensor SoftTargets(int seed, Shape shape)
    {
        var t = Uniform(seed, shape, 0.1f, 1f);
        int c = shape.Last;
        for (int o = 0; o < t.Size; o += c)
        {
            var row = t.Span.Slice(o, c);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }

        return t;
    }
}
