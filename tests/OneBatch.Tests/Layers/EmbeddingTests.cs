using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class EmbeddingTests
{
    [Fact]
    public void IdsPickRowsOfTheTable()
    {
        var embedding = new Embedding(5, 3);
        var ids = Tensor.FromArray([4f, 0f, 4f, 2f], 2, 2);
        var y = embedding.Apply(ids);
        Assert.Equal(new Shape(2, 2, 3), y.Shape);
        var table = embedding.Embeddings!.Value;
        for (int i = 0; i < 4; i++)
        {
            int row = (int)ids.ReadOnlySpan[i];
            Assert.Equal(table.ReadOnlySpan.Slice(row * 3, 3).ToArray(), y.ReadOnlySpan.Slice(i * 3, 3).ToArray());
        }

        Assert.All(table.ToArray(), v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void ItsGradientIsAScatterAddIntoTheRowsUsed()
    {
        // Row 4 is used twice: its gradient is the sum of both positions'; rows 1 and 3 get none.
        var embedding = new Embedding(5, 3);
        var ids = Tensor.FromArray([4f, 0f, 4f, 2f], 2, 2);
        _ = embedding.Apply(ids);
        AssertGradients(_ => embedding.Apply(ids), [embedding.Embeddings!.Value]);
    }

    [Fact]
    public void AnIdOutsideTheVocabularyIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new Embedding(5, 3).Apply(Tensor.FromArray([1f, 5f], 1, 2)));
        Assert.Contains("id 5 at position 1 is not a row index in [0, 5)", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Embedding(5, 3).Apply(Tensor.FromArray([1.5f], 1, 1)));
        Assert.Contains("id 1.5", e.Message);
    }

    [Fact]
    public void WithMaskZeroThePaddingIsLeftOutOfTheLoss()
    {
        // ids [[3, 1, 0], [2, 0, 0]]: positions (0,2), (1,1), (1,2) are padding. A Dense keeps the mask; the loss
        // averages over the three real positions only.
        var inputs = Keras.Input(shape: [3]);
        var outputs = new Dense(2).Apply(new Embedding(4, 5, maskZero: true).Apply(inputs));
        var model = new Functional(inputs, outputs);
        var ids = Tensor.FromArray([3f, 1f, 0f, 2f, 0f, 0f], 2, 3);
        var predictions = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([ids], predictions, masks);
        Assert.Equal([1f, 1f, 0f, 1f, 0f, 0f], masks[0]!.ToArray());

        var targets = new RandomGenerator(1).Uniform(new Shape(2, 3, 2));
        float masked = new MeanSquaredError().Call(targets, predictions[0], masks[0]).ToScalar();
        var p = predictions[0].ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        double sum = 0;
        foreach (int position in new[] { 0, 1, 3 })
        {
            for (int k = 0; k < 2; k++)
            {
                double d = p[(position * 2) + k] - t[(position * 2) + k];
                sum += d * d / 2;
            }
        }

        Assert.Equal(sum / 3, masked, 5);
    }
}
