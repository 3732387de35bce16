using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class SyntheticBatchTests
{
    private static Sequential Mlp(int outputs, string activation) => new(
    [
        new Dense(8, activation: "relu", inputShape: [5]),
        new Dense(outputs, activation: activation),
    ], seed: 1);

    [Fact]
    public void RegressionInputsAndTargetsAreUniformInTheUnitInterval()
    {
        var batch = SyntheticBatch.For(Mlp(2, "linear"), new MeanSquaredError(), 16, new RandomGenerator(0));
        Assert.Equal(new Shape(16, 5), batch.Inputs[0].Shape);
        Assert.Equal(new Shape(16, 2), batch.Targets[0].Shape);
        Assert.All(batch.Inputs[0].ToArray().Concat(batch.Targets[0].ToArray()), v => Assert.InRange(v, 0f, 0.99999f));
        Assert.Contains("uniform in [0, 1) (mean_squared_error)", batch.Description);
    }

    [Fact]
    public void CategoricalTargetsAreOneHotRows()
    {
        var y = SyntheticBatch.For(Mlp(4, "softmax"), new CategoricalCrossentropy(), 40, new RandomGenerator(0)).Targets[0];
        Assert.Equal(new Shape(40, 4), y.Shape);
        var v = y.ToArray();
        for (int n = 0; n < 40; n++)
        {
            var row = v.AsSpan(n * 4, 4).ToArray();
            Assert.Equal(1f, row.Sum());
            Assert.All(row, x => Assert.True(x is 0f or 1f));
        }

        Assert.True(v.Chunk(4).Select(r => Array.IndexOf(r, 1f)).Distinct().Count() > 1, "the classes vary");
    }

    [Fact]
    public void SparseTargetsAreClassIndices()
    {
        var y = SyntheticBatch.For(Mlp(4, "softmax"), new SparseCategoricalCrossentropy(), 40, new RandomGenerator(0)).Targets[0];
        Assert.Equal(new Shape(40), y.Shape);
        Assert.All(y.ToArray(), v => Assert.True(v is 0f or 1f or 2f or 3f));
        Assert.Null(new SparseCategoricalCrossentropy().CheckTargets(new Shape(4), y, "y"));
    }

    [Fact]
    public void BinaryTargetsAreZeroOrOne()
    {
        var y = SyntheticBatch.For(Mlp(3, "sigmoid"), new BinaryCrossentropy(), 30, new RandomGenerator(0)).Targets[0];
        Assert.Equal(new Shape(30, 3), y.Shape);
        Assert.Contains(0f, y.ToArray());
        Assert.Contains(1f, y.ToArray());
        Assert.All(y.ToArray(), v => Assert.True(v is 0f or 1f));
    }

    [Fact]
    public void AnEmbeddingInputHoldsTokenIdsBelowItsVocabularyAndNoPaddingOnly()
    {
        var model = new Sequential(
        [
            new Embedding(7, 4, maskZero: true, inputShape: [5]),
            new GlobalAveragePooling1D(),
            new Dense(1, activation: "sigmoid"),
        ], seed: 0);
        var batch = SyntheticBatch.For(model, new BinaryCrossentropy(), 64, new RandomGenerator(2));
        var ids = batch.Inputs[0].ToArray();
        Assert.All(ids, v => Assert.True(v == MathF.Floor(v) && v >= 1f && v < 7f, $"{v}"));
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Contains("token ids in [1, 7)", batch.Description);
        Assert.Contains("'embedding'", batch.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryInputAndOutputOfATwoInputModelGetsItsOwnKind()
    {
        var tokens = Keras.Input(shape: [6], name: "tokens");
        var features = Keras.Input(shape: [3], name: "features");
        var pooled = new GlobalAveragePooling1D().Apply(new Embedding(50, 4).Apply(tokens));
        var h = new Dense(8, activation: "relu").Apply(new Concatenate().Apply(pooled, features));
        var price = new Dense(2, name: "price").Apply(h);
        var kind = new Dense(5, activation: "softmax", name: "kind").Apply(h);
        var model = new Functional([tokens, features], [price, kind]);

        var batch = SyntheticBatch.For(model, new CompiledLoss([new MeanAbsoluteError(), new SparseCategoricalCrossentropy()]), 12, new RandomGenerator(0));
        Assert.Equal(new Shape(12, 6), batch.Inputs[0].Shape);
        Assert.All(batch.Inputs[0].ToArray(), v => Assert.True(v == MathF.Floor(v) && v is >= 0f and < 50f));
        Assert.Equal(new Shape(12, 3), batch.Inputs[1].Shape);
        Assert.Contains(batch.Inputs[1].ToArray(), v => v != MathF.Floor(v));
        Assert.Equal(new Shape(12, 2), batch.Targets[0].Shape);
        Assert.Equal(new Shape(12), batch.Targets[1].Shape);
        Assert.Contains("input 'tokens'", batch.Description, StringComparison.Ordinal);
        Assert.Contains("for 'kind'", batch.Description, StringComparison.Ordinal);

        var report = SingleBatchCheck.Run(SyntheticBatch.Case("two", model, new CompiledLoss([new MeanAbsoluteError(), new SparseCategoricalCrossentropy()]), 12, new RandomGenerator(0)), new Adam(0.01f), new CheckOptions { MaxSteps = 20 });
        Assert.True(report.Synthetic);
        Assert.Equal(20, report.Steps);
    }

    [Theory]
    [InlineData("regression")]
    [InlineData("classification")]
    public void TheSeedsModelsGetTheSeedsOwnBatch(string demo)
    {
        var seed = SeedDemos.Create(demo, seed: 5);
        var batch = SyntheticBatch.For(seed.Model, seed.Loss, 32, new RandomGenerator(5));
        Assert.Equal(seed.X.ToArray(), batch.Inputs[0].ToArray());
        Assert.Equal(seed.Y.ToArray(), batch.Targets[0].ToArray());
    }

    [Fact]
    public void ACaseIsMarkedSyntheticAndSaysSoInItsNotesAndReport()
    {
        var checkCase = SyntheticBatch.Case("mlp", Mlp(3, "softmax"), new CategoricalCrossentropy(), 8, new RandomGenerator(0));
        Assert.True(checkCase.Synthetic);
        var report = SingleBatchCheck.Run(checkCase, new Adam(0.01f));
        Assert.True(report.Memorized);
        Assert.True(report.Synthetic);
        Assert.Contains(report.Notes, n => n.StartsWith("The batch is synthetic", StringComparison.Ordinal));
    }

    [Fact]
    public void AModelWithoutAnInputShapeIsRefused()
    {
        var model = new Sequential([new Dense(2)]);
        var e = Assert.Throws<ArgumentException>(() => SyntheticBatch.For(model, new MeanSquaredError(), 4, new RandomGenerator(0)));
        Assert.Contains("no input shape", e.Message, StringComparison.Ordinal);
    }
}
