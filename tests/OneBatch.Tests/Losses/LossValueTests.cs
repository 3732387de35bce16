using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Tests.Losses;

/// <summary>Loss values against numbers worked out by hand from Keras's definitions.</summary>
public sealed class LossValueTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void MeanSquaredError()
    {
        // per sample: ((1.5-1)^2 + (2-2)^2) / 2 = 0.125;  ((2-3)^2 + (6-4)^2) / 2 = 2.5;  mean 1.3125
        var yTrue = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var yPred = Tensor.FromArray([1.5f, 2f, 2f, 6f], 2, 2);
        AssertClose(1.3125, new MeanSquaredError().Call(yTrue, yPred));
    }

    [Fact]
    public void MeanAbsoluteError()
    {
        // per sample: (0.5 + 0) / 2 = 0.25;  (1 + 2) / 2 = 1.5;  mean 0.875
        var yTrue = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var yPred = Tensor.FromArray([1.5f, 2f, 2f, 6f], 2, 2);
        AssertClose(0.875, new MeanAbsoluteError().Call(yTrue, yPred));
    }

    [Fact]
    public void CategoricalCrossentropyFromProbabilitiesRenormalizesAndClips()
    {
        // Row 1: scores [1, 3, 1] are renormalized to [0.2, 0.6, 0.2]; true class 1: -log(0.6).
        // Row 2: [0, 0.5, 0.5] with true class 0: p = 0 is clipped to 1e-7: -log(1e-7) = 16.118.
        // Row 3: soft target [0.5, 0.5, 0] against [0.25, 0.25, 0.5]: -(0.5 log 0.25 + 0.5 log 0.25) = log 4.
        var yTrue = Tensor.FromArray([0f, 1f, 0f, 1f, 0f, 0f, 0.5f, 0.5f, 0f], 3, 3);
        var yPred = Tensor.FromArray([1f, 3f, 1f, 0f, 0.5f, 0.5f, 0.25f, 0.25f, 0.5f], 3, 3);
        double expected = (-Math.Log(0.6) - Math.Log(1e-7f) + Math.Log(4)) / 3;
        AssertClose(expected, new CategoricalCrossentropy().Call(yTrue, yPred));
    }

    [Fact]
    public void CategoricalCrossentropyOfAPerfectPredictionIsTheClipFloor()
    {
        // p = 1 for the true class is clipped to 1 - 1e-7 (in float32: 1 - 2^-23): loss -log(1 - 2^-23) ~ 1.2e-7, not 0.
        var yTrue = Tensor.FromArray([0f, 1f], 1, 2);
        var yPred = Tensor.FromArray([0f, 1f], 1, 2);
        float loss = new CategoricalCrossentropy().Call(yTrue, yPred).ToScalar();
        Assert.InRange(loss, 1e-8f, 1e-6f);
    }

    [Fact]
    public void CategoricalCrossentropyFromLogits()
    {
        // -log softmax(z)[c] = log(sum e^z) - z[c]:  row 1 z = [1, 2, 3], c = 2;  row 2 z = [0, 0], c = 0: log 2.
        var yTrue = Tensor.FromArray([0f, 0f, 1f], 1, 3);
        var logits = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        AssertClose(Math.Log(Math.E + (Math.E * Math.E) + Math.Exp(3)) - 3, new CategoricalCrossentropy(fromLogits: true).Call(yTrue, logits));
        AssertClose(Math.Log(2), new CategoricalCrossentropy(fromLogits: true).Call(Tensor.FromArray([1f, 0f], 1, 2), Tensor.Zeros(1, 2)));
    }

    [Fact]
    public void CategoricalCrossentropyFromLogitsDoesNotOverflow()
    {
        // z = [1000, 0]: log(e^1000 + 1) - 0 = 1000 for class 1; 0 for class 0.
        var logits = Tensor.FromArray([1000f, 0f, 1000f, 0f], 2, 2);
        var yTrue = Tensor.FromArray([0f, 1f, 1f, 0f], 2, 2);
        AssertClose(500, new CategoricalCrossentropy(fromLogits: true).Call(yTrue, logits), 1e-3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SparseCategoricalCrossentropyWithFlatAndColumnLabels(bool column)
    {
        // Labels [1, 0] against probabilities [[0.2, 0.6, 0.2], [0.5, 0.25, 0.25]]: (-log 0.6 - log 0.5) / 2.
        float[] labels = [1f, 0f];
        var yTrue = column ? Tensor.FromArray(labels, 2, 1) : Tensor.FromArray(labels, 2);
        var yPred = Tensor.FromArray([0.2f, 0.6f, 0.2f, 0.5f, 0.25f, 0.25f], 2, 3);
        AssertClose((-Math.Log(0.6) - Math.Log(0.5)) / 2, new SparseCategoricalCrossentropy().Call(yTrue, yPred));

        // From logits [[1, 2, 3], [0, 0, 0]]: (log(e + e^2 + e^3) - 2 + log 3) / 2.
        var logits = Tensor.FromArray([1f, 2f, 3f, 0f, 0f, 0f], 2, 3);
        double expected = (Math.Log(Math.E + (Math.E * Math.E) + Math.Exp(3)) - 2 + Math.Log(3)) / 2;
        AssertClose(expected, new SparseCategoricalCrossentropy(fromLogits: true).Call(yTrue, logits));
    }

    [Fact]
    public void SparseLabelsForASequenceWithAndWithoutTheTrailingAxis()
    {
        // Scores [2, 3, 4] with labels [2, 3] or [2, 3, 1]: the same loss, equal to the one-hot form.
        var scores = new RandomGenerator(9).Uniform(new Shape(2, 3, 4), -2f, 2f);
        float[] labels = [0f, 3f, 1f, 2f, 2f, 0f];
        var loss = new SparseCategoricalCrossentropy(fromLogits: true);
        float flat = loss.Call(Tensor.FromArray(labels, 2, 3), scores).ToScalar();
        float column = loss.Call(Tensor.FromArray(labels, 2, 3, 1), scores).ToScalar();
        var oneHot = OneBatch.Utils.Categorical.ToCategorical(Tensor.FromArray(labels, 6), 4).Reshape(new Shape(2, 3, 4));
        float dense = new CategoricalCrossentropy(fromLogits: true).Call(oneHot, scores).ToScalar();
        Assert.Equal(flat, column);
        Assert.Equal(dense, flat, 1e-6f);
    }

    [Fact]
    public void SparseCategoricalCrossentropyEqualsCategoricalOnOneHotTargets()
    {
        var labels = new RandomGenerator(1).Integers(new Shape(8), 0, 4);
        var oneHot = OneBatch.Utils.Categorical.ToCategorical(labels, 4);
        var scores = new RandomGenerator(2).Uniform(new Shape(8, 4), 0.05f, 1f);
        foreach (bool logits in new[] { false, true })
        {
            float sparse = new SparseCategoricalCrossentropy(logits).Call(labels, scores).ToScalar();
            float dense = new CategoricalCrossentropy(logits).Call(oneHot, scores).ToScalar();
            Assert.Equal(dense, sparse, 1e-6f);
        }
    }

    [Fact]
    public void BinaryCrossentropyFromProbabilities()
    {
        // -(y log p + (1 - y) log(1 - p)) per element, mean over the last axis, then over the batch:
        // y = 1, p = 0.9: -log 0.9;  y = 0, p = 0.2: -log 0.8;  y = 1, p = 0.3: -log 0.3;
        // y = 0, p = 1: p is clipped to 1 - 1e-7 (float32: 1 - 2^-23), so -log(2^-23) = 23 ln 2 = 15.94;
        // y = 0.25, p = 0.5: -(0.25 log 0.5 + 0.75 log 0.5) = log 2.
        // (This is the form of Keras's JAX and PyTorch backends; its TensorFlow backend also adds 1e-7 inside each log,
        // which only matters at the clip bounds.)
        var yTrue = Tensor.FromArray([1f, 0f, 1f, 0f, 0.25f], 5, 1);
        var yPred = Tensor.FromArray([0.9f, 0.2f, 0.3f, 1f, 0.5f], 5, 1);
        double clipped = -Math.Log(1.0 - (1f - 1e-7f));
        double expected = (-Math.Log(0.9) - Math.Log(0.8) - Math.Log(0.3) + clipped + Math.Log(2)) / 5;
        AssertClose(expected, new BinaryCrossentropy().Call(yTrue, yPred));

        // Two outputs per sample: the mean over the last axis first (same total here, as the rows have equal width).
        var y2 = Tensor.FromArray([1f, 0f, 1f, 0f], 2, 2);
        var p2 = Tensor.FromArray([0.9f, 0.2f, 0.3f, 0.6f], 2, 2);
        AssertClose((-Math.Log(0.9) - Math.Log(0.8) - Math.Log(0.3) - Math.Log(0.4)) / 4, new BinaryCrossentropy().Call(y2, p2));
    }

    [Fact]
    public void BinaryCrossentropyFromLogits()
    {
        // softplus(z) - y z:  z = 2, y = 1: log(1 + e^2) - 2;  z = -1, y = 0: log(1 + e^-1);  z = 0, y = 0.5: log 2;
        // z = 100, y = 0: 100 (no overflow);  z = -100, y = 0: ~e^-100 ~ 0.
        var yTrue = Tensor.FromArray([1f, 0f, 0.5f, 0f, 0f], 5, 1);
        var logits = Tensor.FromArray([2f, -1f, 0f, 100f, -100f], 5, 1);
        double expected = (Math.Log(1 + Math.Exp(2)) - 2 + Math.Log(1 + Math.Exp(-1)) + Math.Log(2) + 100) / 5;
        AssertClose(expected, new BinaryCrossentropy(fromLogits: true).Call(yTrue, logits), 1e-4);
    }

    [Theory]
    [InlineData(1f, 10f)]
    [InlineData(0f, -10f)]
    [InlineData(1f, 20f)]
    [InlineData(0f, -20f)]
    [InlineData(1f, 3f)]
    public void BinaryCrossentropyFromLogitsIsAccurateForConfidentRightPredictions(float y, float z)
    {
        // A right prediction with margin |z| costs log(1 + e^-|z|) ~ e^-|z|: 4.5e-5 at |z| = 10, 2.1e-9 at 20. Written as
        // softplus(z) - y z, the two terms of ~|z| cancel and leave float32 rounding noise of ~1e-6; written as
        // y softplus(-z) + (1 - y) softplus(z) (Keras's -y log_sigmoid(z) - (1 - y) log_sigmoid(-z)) nothing cancels.
        double expected = Math.Log(1 + Math.Exp(-Math.Abs(z)));
        float loss = new BinaryCrossentropy(fromLogits: true).Call(Tensor.FromArray([y], 1, 1), Tensor.FromArray([z], 1, 1)).ToScalar();
        Assert.Equal(expected, loss, expected * 1e-4);
    }

    [Fact]
    public void BinaryCrossentropyFromLogitsMatchesProbabilities()
    {
        var yTrue = new RandomGenerator(3).Integers(new Shape(6, 1), 0, 2);
        var logits = new RandomGenerator(4).Uniform(new Shape(6, 1), -3f, 3f);
        var p = new Tensor(logits.Shape);
        TensorPrimitives.Sigmoid(logits.Span, p.Span);
        Assert.Equal(
            new BinaryCrossentropy().Call(yTrue, p).ToScalar(),
            new BinaryCrossentropy(fromLogits: true).Call(yTrue, logits).ToScalar(),
            1e-5f);
    }

    [Fact]
    public void AFlatTargetAgainstAColumnPredictionIsNotBroadcast()
    {
        // Keras matches ranks: y_true [3] against y_pred [3, 1] is y_true [3, 1], so MSE = mean((p_i - t_i)^2)
        // = (1 + 4 + 0) / 3, not the mean over a [3, 3] broadcast of all pairs (which would be 30 / 9).
        var yTrue = Tensor.FromArray([1f, 2f, 3f], 3);
        var yPred = Tensor.FromArray([2f, 4f, 3f], 3, 1);
        AssertClose(5.0 / 3, new MeanSquaredError().Call(yTrue, yPred));
        AssertClose(5.0 / 3, new MeanSquaredError().Call(Tensor.FromArray([1f, 2f, 3f], 3, 1), Tensor.FromArray([2f, 4f, 3f], 3)));
        AssertClose(1.0, new MeanAbsoluteError().Call(yTrue, yPred));

        // BCE: y [1, 0] against p [[0.8], [0.4]]: (-log 0.8 - log 0.6) / 2.
        AssertClose(
            (-Math.Log(0.8) - Math.Log(0.6)) / 2,
            new BinaryCrossentropy().Call(Tensor.FromArray([1f, 0f], 2), Tensor.FromArray([0.8f, 0.4f], 2, 1)));
    }

    [Theory]
    [InlineData("mse", new[] { 3, 2 }, new[] { 3, 4 })]
    [InlineData("mse", new[] { 4 }, new[] { 3, 1 })]
    [InlineData("mse", new[] { 2, 3 }, new[] { 3, 2, 1 })] // same size, other layout: not silently reshaped
    [InlineData("mae", new[] { 3, 2, 1 }, new[] { 2, 3 })]
    [InlineData("categorical_crossentropy", new[] { 3 }, new[] { 3, 4 })]
    [InlineData("binary_crossentropy", new[] { 3, 2 }, new[] { 2, 3 })]
    [InlineData("sparse_categorical_crossentropy", new[] { 4 }, new[] { 3, 4 })]
    [InlineData("sparse_categorical_crossentropy", new[] { 3, 2 }, new[] { 3, 4 })]
    [InlineData("sparse_categorical_crossentropy", new[] { 3, 2, 1 }, new[] { 2, 3, 4 })] // same count, other layout
    public void ATargetShapeThatDoesNotFitThrows(string name, int[] targetShape, int[] predictionShape)
    {
        var loss = Loss.Get(name);
        var e = Assert.Throws<ArgumentException>(() => loss.Call(Tensor.Zeros(targetShape), Tensor.Full(new Shape(predictionShape), 0.5f)));
        Assert.Contains(loss.Name, e.Message);
        Assert.Contains(new Shape(targetShape).ToString(), e.Message);
        Assert.Contains(new Shape(predictionShape).ToString(), e.Message);
    }

    [Fact]
    public void OneHotTargetsGivenToTheSparseLossGetAHint()
    {
        var e = Assert.Throws<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(Tensor.Zeros(3, 4), Tensor.Zeros(3, 4)));
        Assert.Contains("categorical_crossentropy", e.Message);
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    [InlineData(float.NaN)]
    public void SparseLabelsOutOfRangeThrow(float bad)
    {
        var labels = Tensor.FromArray([0f, bad, 1f], 3);
        var e = Assert.Throws<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(labels, Tensor.Full(new Shape(3, 3), 1f / 3)));
        Assert.Contains("sample 1", e.Message);
        Assert.Contains("[0, 3)", e.Message);
    }

    [Theory]
    [InlineData("mse", typeof(MeanSquaredError))]
    [InlineData("mean_squared_error", typeof(MeanSquaredError))]
    [InlineData("mae", typeof(MeanAbsoluteError))]
    [InlineData("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [InlineData("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [InlineData("binary_crossentropy", typeof(BinaryCrossentropy))]
    public void LossesByKerasName(string name, Type type)
    {
        Assert.IsType(type, Loss.Get(name));
        Assert.True(Loss.Get(name, fromLogits: true).FromLogits || !Loss.Get(name).IsClassification);
    }

    [Fact]
    public void AnUnknownLossNameThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.Get("hinge_loss"));
        Assert.Contains("hinge_loss", e.Message);
    }

    private static void AssertClose(double expected, Tensor loss, double tolerance = Tolerance)
    {
        Assert.Equal(Shape.Scalar, loss.Shape);
        double actual = loss.ToScalar();
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"loss {actual:G9}, expected {expected:G9}");
    }
}
