using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class TrainStepTests
{
    [Theory]
    [InlineData("regression", "adam")]
    [InlineData("classification", "adam")]
    [InlineData("regression", "sgd")]
    [InlineData("classification", "rmsprop")]
    public void AStepInSteadyStateAllocatesNothing(string demo, string optimizer)
    {
        // DESIGN: no per-step heap garbage in steady state (one tape reused, buffers pooled).
        var d = SeedDemos.Create(demo, seed: 0);
        var step = new TrainStep(d.Model, d.Inputs, d.Targets, d.Loss, Optimizer.Get(optimizer));
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run());
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
    }

    [Fact]
    public void AStepOfAMaskedAttentionModelAllocatesNothing()
    {
        // Every attention layer, with masks from padded ids and a causal mask: Embedding(mask_zero) ->
        // MultiHeadAttention(x, x, causal) -> Add -> LayerNormalization -> Attention -> AdditiveAttention -> Dense.
        var ids = Keras.Input(shape: [6]);
        var x = new Embedding(20, 8, maskZero: true).Apply(ids);
        var h = new LayerNormalization().Apply(new Add().Apply(x, new MultiHeadAttention(2, 4, useCausalMask: true).Apply(x, x)));
        h = new Attention(useScale: true, scoreMode: "concat").Apply(h, h);
        h = new LayerNormalization([1, 2]).Apply(new AdditiveAttention(useCausalMask: true).Apply(h, x));
        var model = new Functional(ids, new Dense(3, activation: "softmax").Apply(new Flatten().Apply(new Dense(4, activation: "tanh").Apply(h))));
        var batch = Tensor.FromArray([.. Enumerable.Range(0, 24).Select(i => (float)(i % 5 == 4 ? 0 : 1 + (i % 7)))], 4, 6);
        var labels = Tensor.FromArray([0f, 1f, 2f, 1f], 4);
        var step = new TrainStep(model, batch, labels, new SparseCategoricalCrossentropy(), new Adam());
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run());
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
    }

    [Fact]
    public void RunReturnsTheLossBeforeTheUpdateAndTheLossFalls()
    {
        var d = SeedDemos.Regression(seed: 1);
        var step = new TrainStep(d.Model, d.Inputs, d.Targets, d.Loss, new Adam(0.01f));
        float first = step.Run();
        float forward = step.Forward();
        Assert.NotEqual(first, forward);
        float loss = first;
        for (int i = 0; i < 100; i++)
        {
            loss = step.Run();
        }

        Assert.True(loss < first / 2, $"loss {first} -> {loss}");
        Assert.Equal(d.Model.TrainableVariables.Count, step.Gradients.Length);
    }

    [Fact]
    public void AStepOfASequenceModelWithEveryOneDimensionalLayerAndAMaskAllocatesNothing()
    {
        // Embedding(mask_zero) -> Conv1D causal -> UpSampling1D -> ZeroPadding1D -> Cropping1D -> MaxPooling1D same
        // -> AveragePooling1D, then GlobalMaxPooling1D beside a masked GlobalAveragePooling1D of the embedding.
        var ids = Keras.Input(shape: [12]);
        var embedded = new Embedding(20, 6, maskZero: true).Apply(ids);
        var h = new Conv1D(8, 3, padding: "causal", dilationRate: 2, activation: "relu").Apply(embedded);
        h = new UpSampling1D(2).Apply(h);
        h = new ZeroPadding1D((1, 2)).Apply(h);
        h = new Cropping1D(1).Apply(h);
        h = new MaxPooling1D(3, 2, "same").Apply(h);
        h = new AveragePooling1D(2).Apply(h);
        var pooled = new Concatenate().Apply(new GlobalMaxPooling1D().Apply(h), new GlobalAveragePooling1D().Apply(embedded));
        var model = new Functional(ids, new Dense(3).Apply(pooled));

        var random = new RandomGenerator(3);
        var x = new Tensor(new Shape(4, 12));
        for (int i = 0; i < x.Size; i++)
        {
            x.Span[i] = i % 12 < 9 ? 1 + (int)(random.NextFloat() * 19) : 0; // the last 3 steps are padding
        }

        var y = Tensor.FromArray([0f, 1f, 2f, 1f], 4);
        var step = new TrainStep(model, x, y, new SparseCategoricalCrossentropy(fromLogits: true), new Adam());
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run());
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
    }
}
