using OneBatch.Check;
using OneBatch.Losses;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Losses.LossChecks;

namespace OneBatch.Tests.Losses;

/// <summary>Losses made with Keras's settings: label smoothing, delta, reduction, and the names they are found by.</summary>
public sealed class LossSettingsTests
{
    [Fact]
    public void CategoricalLabelSmoothingMovesLsOverCToEveryClass()
    {
        // ls 0.1 over 3 classes: [0, 1, 0] becomes [1/30, 0.9 + 1/30, 1/30]; against [0.2, 0.6, 0.2].
        double off = 0.1 / 3, on = 0.9 + off;
        double expected = -((2 * off * Math.Log(0.2)) + (on * Math.Log(0.6)));
        var loss = Loss.Get("categorical_crossentropy", new LossSettings { LabelSmoothing = 0.1f });
        AssertClose(expected, loss.Call(Tensor.FromArray([0f, 1f, 0f], 1, 3), Tensor.FromArray([0.2f, 0.6f, 0.2f], 1, 3)));
    }

    [Fact]
    public void BinaryLabelSmoothingMovesTargetsTowardOneHalf()
    {
        // ls 0.2: 1 becomes 0.9 and 0 becomes 0.1; p 0.8 and 0.3: -(0.9 ln 0.8 + 0.1 ln 0.2) and -(0.1 ln 0.3 + 0.9 ln 0.7).
        double expected = (-((0.9 * Math.Log(0.8)) + (0.1 * Math.Log(0.2))) - ((0.1 * Math.Log(0.3)) + (0.9 * Math.Log(0.7)))) / 2;
        AssertClose(expected, new BinaryCrossentropy(labelSmoothing: 0.2f).Call(Tensor.FromArray([1f, 0f], 2, 1), Tensor.FromArray([0.8f, 0.3f], 2, 1)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SmoothedLossesKeepTheirGradient(bool fromLogits)
    {
        var y = OneBatch.Utils.Categorical.ToCategorical([0, 2, 1], 3);
        var p = fromLogits ? Uniform(1, new Shape(3, 3), -2f, 2f) : Uniform(2, new Shape(3, 3), 0.2f, 1f);
        AssertGradients(t => new CategoricalCrossentropy(fromLogits, 0.2f).Call(y, t[0]), [p]);
        var b = Tensor.FromArray([1f, 0f, 1f], 3, 1);
        var q = fromLogits ? Uniform(3, new Shape(3, 1), -2f, 2f) : Uniform(4, new Shape(3, 1), 0.1f, 0.9f);
        AssertGradients(t => new BinaryCrossentropy(fromLogits, 0.2f).Call(b, t[0]), [q]);
    }

    [Fact]
    public void WithSmoothingTheLowestLossIsTheEntropyOfTheSmoothedTargetsAndTheCheckAimsAboveIt()
    {
        var y = OneBatch.Utils.Categorical.ToCategorical([0, 2, 1, 0], 3);
        var loss = new CategoricalCrossentropy(labelSmoothing: 0.1f);
        var smoothed = new Tensor(y.Shape);
        TensorPrimitives.Multiply(y.ReadOnlySpan, 0.9f, smoothed.Span);
        TensorPrimitives.Add(smoothed.Span, 0.1f / 3, smoothed.Span);
        float best = loss.Call(y, smoothed).ToScalar();
        Assert.Equal(best, loss.Minimum(y), 1e-5f);
        Assert.True(best > 0.2f);
        Assert.Equal(best + TargetPolicy.ClassificationTarget, TargetPolicy.TargetFor(loss, y), 1e-5f);
        Assert.Equal(0f, new CategoricalCrossentropy().Minimum(y));

        // The best constant is the class frequencies of the smoothed targets: 0.9 (1/2, 1/4, 1/4) + 1/30.
        var frequencies = new Tensor(y.Shape);
        for (int i = 0; i < 4; i++)
        {
            frequencies.Span[(i * 3) + 0] = (0.9f * 0.5f) + (0.1f / 3);
            frequencies.Span[(i * 3) + 1] = (0.9f * 0.25f) + (0.1f / 3);
            frequencies.Span[(i * 3) + 2] = (0.9f * 0.25f) + (0.1f / 3);
        }

        Assert.Equal(loss.Call(y, frequencies).ToScalar(), loss.Baseline(y), 1e-5f);
        Assert.Equal(Math.Log(3), loss.ExpectedInitialLoss(3)!.Value, 1e-9);

        var binary = new BinaryCrossentropy(labelSmoothing: 0.2f);
        var labels = Tensor.FromArray([1f, 0f, 1f], 3, 1);
        Assert.Equal(binary.Call(labels, Tensor.FromArray([0.9f, 0.1f, 0.9f], 3, 1)).ToScalar(), binary.Minimum(labels), 1e-5f);
    }

    [Fact]
    public void ProbabilitiesFedAsLogitsWithSmoothingHaveTheirFloor()
    {
        // One-hot targets, ls 0.5 over 2 classes: y_c = 0.75, so the best logit gap is ln 3 > 1: d = 1, loss -0.75 + ln(e + 1).
        var y = OneBatch.Utils.Categorical.ToCategorical([0, 1], 2);
        var loss = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.5f);
        Assert.Equal(-0.75 + Math.Log(Math.E + 1), loss.FloorOnProbabilities(y, 2), 1e-6);
        Assert.Equal(loss.Call(y, y).ToScalar(), loss.FloorOnProbabilities(y, 2), 1e-6f);

        // ls 0.9 over 2: y_c = 0.55, the best gap ln(0.55 / 0.45) < 1 is inside: a softer prediction does better than one-hot.
        var soft = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.9f);
        double d = Math.Log(0.55 / 0.45);
        Assert.Equal((-0.55 * d) + Math.Log(Math.Exp(d) + 1), soft.FloorOnProbabilities(y, 2), 1e-6);
    }

    [Fact]
    public void SumReductionIsTheTotalAndItsLevelsScaleWithThePositions()
    {
        var y = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var p = Tensor.FromArray([1.5f, 2f, 2f, 6f], 2, 2);
        var sum = Loss.Get("mse", new LossSettings { Reduction = LossReduction.Sum });
        Assert.Equal(LossReduction.Sum, sum.Reduction);
        AssertClose(2 * 1.3125, sum.Call(y, p));
        Assert.Equal(2 * new MeanSquaredError().Baseline(y), sum.Baseline(y), 1e-5f);
        Assert.Equal(2 * new MeanSquaredError().FloorWithin(y, 0f, 1f), sum.FloorWithin(y, 0f, 1f), 1e-5f);
        Assert.Null(Loss.Get("categorical_crossentropy", new LossSettings { Reduction = LossReduction.Sum }).ExpectedInitialLoss(3));
        AssertGradients(t => sum.Call(y, t[0]), [p]);

        // Sparse labels give one position each, a sequence one per step.
        var sparse = Loss.Get("sparse_categorical_crossentropy", new LossSettings { Reduction = LossReduction.Sum });
        var labels = Tensor.FromArray([0f, 1f, 1f, 1f], 2, 2);
        Assert.Equal(4 * new SparseCategoricalCrossentropy().Baseline(labels), sparse.Baseline(labels), 1e-5f);

        // A classification target is per position: it grows with the batch.
        var oneHot = OneBatch.Utils.Categorical.ToCategorical([0, 1, 1], 2);
        Assert.Equal(3 * TargetPolicy.ClassificationTarget, TargetPolicy.TargetFor(Loss.Get("categorical_crossentropy", new LossSettings { Reduction = LossReduction.Sum }), oneHot), 1e-6f);
    }

    [Fact]
    public void SumReductionWithAMaskAddsTheValidPositions()
    {
        // Per position (MSE over the last axis of 1): 1, 4, 9; the mask drops the second: 1 + 9 (mean: 10 / 2).
        var y = Tensor.Zeros(1, 3, 1);
        var p = Tensor.FromArray([1f, 2f, 3f], 1, 3, 1);
        var mask = Tensor.FromArray([1f, 0f, 1f], 1, 3);
        AssertClose(10, Loss.Get("mse", new LossSettings { Reduction = LossReduction.Sum }).Call(y, p, mask));
        AssertClose(5, new MeanSquaredError().Call(y, p, mask));
    }

    [Theory]
    [InlineData("sum_over_batch_size", LossReduction.SumOverBatchSize)]
    [InlineData("mean", LossReduction.SumOverBatchSize)]
    [InlineData("mean_with_sample_weight", LossReduction.SumOverBatchSize)]
    [InlineData("auto", LossReduction.SumOverBatchSize)]
    [InlineData("sum", LossReduction.Sum)]
    [InlineData("none", null)]
    [InlineData("SUM", null)]
    public void KerasReductionNames(string name, LossReduction? expected) => Assert.Equal(expected, LossSettings.ParseReduction(name));

    [Fact]
    public void ASettingTheLossDoesNotTakeThrows()
    {
        Assert.Contains("takes no label_smoothing", Assert.Throws<ArgumentException>(() => Loss.Get("mse", new LossSettings { LabelSmoothing = 0.1f })).Message);
        Assert.Contains("takes no delta", Assert.Throws<ArgumentException>(() => Loss.Get("mae", new LossSettings { Delta = 2f })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalCrossentropy(labelSmoothing: 1.5f));
        Assert.Equal(2f, Assert.IsType<Huber>(Loss.Get("Huber", new LossSettings { Delta = 2f })).Delta);
        Assert.Equal(0.1f, Assert.IsType<BinaryCrossentropy>(Loss.Get("BinaryCrossentropy", new LossSettings { LabelSmoothing = 0.1f, FromLogits = true })).LabelSmoothing);
    }

    [Theory]
    [InlineData("huber", typeof(Huber))]
    [InlineData("Huber", typeof(Huber))]
    [InlineData("log_cosh", typeof(LogCosh))]
    [InlineData("logcosh", typeof(LogCosh))]
    [InlineData("LogCosh", typeof(LogCosh))]
    [InlineData("kl_divergence", typeof(KLDivergence))]
    [InlineData("kld", typeof(KLDivergence))]
    [InlineData("KLD", typeof(KLDivergence))]
    [InlineData("kullback_leibler_divergence", typeof(KLDivergence))]
    [InlineData("KLDivergence", typeof(KLDivergence))]
    [InlineData("poisson", typeof(Poisson))]
    [InlineData("Poisson", typeof(Poisson))]
    [InlineData("hinge", typeof(Hinge))]
    [InlineData("squared_hinge", typeof(SquaredHinge))]
    [InlineData("SquaredHinge", typeof(SquaredHinge))]
    [InlineData("categorical_hinge", typeof(CategoricalHinge))]
    [InlineData("CategoricalHinge", typeof(CategoricalHinge))]
    [InlineData("mean_absolute_percentage_error", typeof(MeanAbsolutePercentageError))]
    [InlineData("mape", typeof(MeanAbsolutePercentageError))]
    [InlineData("MeanAbsolutePercentageError", typeof(MeanAbsolutePercentageError))]
    [InlineData("mean_squared_logarithmic_error", typeof(MeanSquaredLogarithmicError))]
    [InlineData("msle", typeof(MeanSquaredLogarithmicError))]
    [InlineData("MeanSquaredLogarithmicError", typeof(MeanSquaredLogarithmicError))]
    [InlineData("MeanSquaredError", typeof(MeanSquaredError))]
    [InlineData("CategoricalCrossentropy", typeof(CategoricalCrossentropy))]
    [InlineData("SparseCategoricalCrossentropy", typeof(SparseCategoricalCrossentropy))]
    public void KerasNamesAndClassNames(string name, Type type) => Assert.IsType(type, Loss.Get(name));
}
