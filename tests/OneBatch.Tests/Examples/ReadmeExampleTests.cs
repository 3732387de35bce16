using OneBatch.Autodiff;
using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Examples;

/// <summary>The README's C# examples, as written there, so that they keep compiling and working.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void SeedGradientTapeLoopLearns()
    {
        var rng = new RandomGenerator(seed: 0);
        var x = rng.Uniform(new Shape(32, 5));
        var y = rng.Uniform(new Shape(32, 1));

        var model = new Sequential(
        [
            new Dense(64, activation: "relu", inputShape: [5]),
            new Dense(32, activation: "relu"),
            new Dense(1),
        ], seed: 0);
        var optimizer = new Adam(learningRate: 0.001f);
        var lossFn = new MeanSquaredError();

        var losses = new List<float>();
        for (int epoch = 0; epoch < 500; epoch++)
        {
            using var tape = new GradientTape();
            var yPred = model.Apply(x);
            var loss = lossFn.Call(y, yPred);
            var gradients = tape.Gradient(loss, model.TrainableVariables);
            optimizer.ApplyGradients(gradients, model.TrainableVariables);
            losses.Add(loss.ToScalar());
        }

        Assert.True(losses[^1] < losses[0] / 100, $"loss went from {losses[0]} to {losses[^1]}");
        Assert.Equal(500, optimizer.Iterations);
    }

    [Fact]
    public void OneLineCheckReturnsAReport()
    {
        var demo = SeedDemos.Regression(seed: 0);
        var report = SingleBatchCheck.Run(demo.Model, demo.X, demo.Y, loss: "mse", optimizer: new Adam(0.001f));

        Assert.True(report.Memorized);
        Assert.Equal("mean_squared_error", report.Loss);
        Assert.Equal(report.Steps + 1, report.LossCurve.Count);
    }

    [Fact]
    public void FunctionalResidualModelFromTheReadme()
    {
        var inputs = Keras.Input(shape: [32, 32, 3]);
        var x = new Conv2D(16, [3, 3], padding: "same", activation: "relu").Apply(inputs);
        var y = new Conv2D(16, [3, 3], padding: "same").Apply(x);
        var outputs = new Dense(10, activation: "softmax").Apply(new Flatten().Apply(new Add().Apply(x, y)));
        var model = new Functional(inputs, outputs);

        Assert.Equal(new Shape(10), model.OutputShape);
        Assert.Contains("add (Add)", model.Summary());
    }

    [Fact]
    public void TwoInputsTwoOutputsFromTheReadme()
    {
        var rng = new RandomGenerator(seed: 0);
        var image = Keras.Input(shape: [8], name: "image");
        var meta = Keras.Input(shape: [3], name: "meta");
        var h = new Dense(32, activation: "relu").Apply(new Concatenate().Apply(image, meta));
        var price = new Dense(1, name: "price").Apply(h);
        var kind = new Dense(4, activation: "softmax", name: "kind").Apply(h);
        var model = new Functional([image, meta], [price, kind]);

        var report = SingleBatchCheck.Run(
            model,
            inputs: [rng.Uniform(new Shape(16, 8)), rng.Uniform(new Shape(16, 3))],
            targets: [rng.Uniform(new Shape(16, 1)), rng.Integers(new Shape(16), 0, 4)],
            loss: new CompiledLoss([new MeanSquaredError(), new SparseCategoricalCrossentropy()], weights: [1f, 0.5f]),
            optimizer: new Adam(0.01f));

        Assert.True(report.Memorized, $"{report.Verdict}: {report.FinalLoss}");
        Assert.Equal(["price", "kind"], report.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void TransformerBlockFromTheReadme()
    {
        var ids = Keras.Input(shape: [20]);
        var x = new Embedding(5000, 32, maskZero: true).Apply(ids);
        var attended = new MultiHeadAttention(numHeads: 4, keyDim: 8).Apply(x, x);
        var h = new LayerNormalization().Apply(new Add().Apply(x, attended));
        var hidden = new Dense(32, activation: "relu").Apply(h);
        var model = new Functional(ids, new Dense(3, activation: "softmax").Apply(new Flatten().Apply(hidden)));

        // 8 sequences of ids, the last steps of some padded with 0.
        var rng = new RandomGenerator(seed: 0);
        var batch = rng.Integers(new Shape(8, 20), 1, 5000);
        var values = batch.Span;
        for (int n = 0; n < 8; n++)
        {
            values.Slice((n * 20) + 12 + n, 8 - n).Clear();
        }

        var report = SingleBatchCheck.Run(model, batch, rng.Integers(new Shape(8), 0, 3), new SparseCategoricalCrossentropy(), new Adam(0.001f));
        Assert.True(report.Memorized, $"{report.Verdict}: {report.FinalLoss}");
    }

    [Fact]
    public void TextClassifierFromTheReadme()
    {
        var model = new Sequential(
        [
            new Embedding(10000, 64, maskZero: true, inputShape: [100]),
            new Conv1D(128, 5, padding: "causal", dilationRate: 2, activation: "relu"),
            new MaxPooling1D(2),
            new Conv1D(128, 5, activation: "relu"),
            new GlobalMaxPooling1D(),
            new Dense(3, activation: "softmax"),
        ]);
        Assert.Equal([new Shape(100, 64), new Shape(100, 128), new Shape(50, 128), new Shape(46, 128), new Shape(128), new Shape(3)], model.Layers.Select(l => l.OutputShape!.Value));

        // Eight texts of 60 to 95 tokens, padded with id 0 to 100.
        var rng = new RandomGenerator(seed: 0);
        var ids = rng.Integers(new Shape(8, 100), 1, 10000);
        for (int n = 0; n < 8; n++)
        {
            ids.Span.Slice((n * 100) + 60 + (n * 5), 40 - (n * 5)).Clear();
        }

        var report = SingleBatchCheck.Run(model, ids, rng.Integers(new Shape(8), 0, 3), new SparseCategoricalCrossentropy(), new Adam(0.01f));
        Assert.True(report.Memorized, $"{report.Verdict}: {report.FinalLoss}");
    }
}
