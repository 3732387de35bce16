using OneBatch.Autodiff;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Models;

/// <summary>
/// Calls that cannot change on a fixed batch (no trainable weights, fed only by the batch) run once: training with the
/// cache follows, bit for bit, the seed's loop that runs every layer on every step.
/// </summary>
public sealed class FixedBatchCacheTests
{
    // A transfer-learning model: a frozen base model, then a trainable head. x: [8, 4] -> [8, 1]
    private static Functional Transfer()
    {
        var inputs = Keras.Input(shape: [4]);
        var frozenBase = new Sequential([new Dense(8, activation: "relu", inputShape: [4]), new BatchNormalization(), new Dense(6, activation: "tanh")], seed: 3)
        {
            Trainable = false,
        };
        var head = new Dense(1).Apply(new Dense(5, activation: "relu").Apply(frozenBase.Apply(inputs)));
        var model = new Functional(inputs, head);
        model.Build([new Shape(4)], new RandomGenerator(7));
        return model;
    }

    // The seed's loop: every layer on every step, no cache. Returns the loss of each step.
    private static float[] SeedLoop(Model model, Tensor x, Tensor y, Loss loss, int steps)
    {
        var optimizer = new Adam();
        var outputs = new Tensor[1];
        var losses = new float[steps];
        for (int i = 0; i < steps; i++)
        {
            using var tape = new GradientTape();
            model.Apply([x], outputs, training: false);
            var value = loss.Call(y, outputs[0]);
            losses[i] = value.ToScalar();
            optimizer.ApplyGradients(tape.Gradient(value, model.TrainableVariables), model.TrainableVariables);
        }

        return losses;
    }

    private static float[] CachedLoop(Model model, Tensor x, Tensor y, Loss loss, int steps, out TrainStep step)
    {
        step = new TrainStep(model, x, y, loss, new Adam());
        var losses = new float[steps];
        for (int i = 0; i < steps; i++)
        {
            losses[i] = step.Run();
        }

        return losses;
    }

    [Fact]
    public void AFrozenBaseRunsOnceAndTrainingFollowsTheSeedLoopBitForBit()
    {
        var random = new RandomGenerator(1);
        var (x, y) = (random.Uniform(new Shape(8, 4)), random.Uniform(new Shape(8, 1)));
        var model = Transfer();
        var start = model.GetWeights();

        float[] expected = SeedLoop(model, x, y, new MeanSquaredError(), 6);
        model.SetWeights(start);
        float[] actual = CachedLoop(model, x, y, new MeanSquaredError(), 6, out var step);

        Assert.Equal(expected, actual);
        Assert.Equal(1, step.FixedBatch.FixedCalls); // the base model's call; the head's Dense layers train
        Assert.True(actual[^1] < actual[0]);
    }

    [Fact]
    public void AFrozenEmbeddingKeepsItsMaskForTheLayersAfterIt()
    {
        // ids: [4, 5] with padding 0 at the end of some samples -> frozen Embedding(mask_zero) -> LSTM -> Dense.
        var ids = Tensor.FromArray([3, 1, 4, 0, 0, 2, 7, 1, 8, 0, 5, 0, 0, 0, 0, 9, 2, 6, 5, 3], 4, 5);
        var y = Tensor.FromArray([0.1f, 0.9f, 0.4f, 0.6f], 4, 1);
        Functional Build()
        {
            var inputs = Keras.Input(shape: [5]);
            var embedded = new Embedding(10, 3, maskZero: true) { Trainable = false }.Apply(inputs);
            var model = new Functional(inputs, new Dense(1).Apply(new LSTM(4).Apply(embedded)));
            model.Build([new Shape(5)], new RandomGenerator(2));
            return model;
        }

        var model = Build();
        var start = model.GetWeights();
        float[] expected = SeedLoop(model, ids, y, new MeanSquaredError(), 4);
        model.SetWeights(start);
        float[] actual = CachedLoop(model, ids, y, new MeanSquaredError(), 4, out var step);

        Assert.Equal(expected, actual);
        Assert.Equal(1, step.FixedBatch.FixedCalls);
    }

    [Fact]
    public void OtherInputTensorsAreComputedAgain()
    {
        var random = new RandomGenerator(4);
        var (a, b) = (random.Uniform(new Shape(8, 4)), random.Uniform(new Shape(8, 4)));
        var model = Transfer();
        var cache = new FixedBatchCache();
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];

        model.Apply([a], outputs, masks, cache);
        model.Apply([b], outputs, masks, cache);
        float[] cached = outputs[0].ToArray();
        model.Apply([b], outputs, training: false);

        Assert.Equal(outputs[0].ToArray(), cached);
    }

    [Fact]
    public void AFrozenLayerAfterATrainableOneIsNotFixed()
    {
        var inputs = Keras.Input(shape: [4]);
        var h = new Dense(1).Apply(new Dense(6) { Trainable = false }.Apply(new Dense(6).Apply(inputs)));
        var model = new Functional(inputs, h);
        var random = new RandomGenerator(5);
        var step = new TrainStep(model, random.Uniform(new Shape(8, 4)), random.Uniform(new Shape(8, 1)), new MeanSquaredError(), new Adam());
        step.Run();
        Assert.Equal(0, step.FixedBatch.FixedCalls);
    }

    [Fact]
    public void ACallThatAddsAnActivityPenaltyRunsEveryTime()
    {
        var inputs = Keras.Input(shape: [4]);
        var model = new Functional(inputs, new Dense(1).Apply(new ActivityRegularization(l2: 0.1f).Apply(inputs)));
        var random = new RandomGenerator(5);
        var step = new TrainStep(model, random.Uniform(new Shape(8, 4)), random.Uniform(new Shape(8, 1)), new MeanSquaredError(), new Adam());
        step.Run();
        step.Run();
        Assert.Equal(0, step.FixedBatch.FixedCalls);
        Assert.NotNull(model.Penalty);
    }

    [Fact]
    public void ASharedCacheServesAStepThatRetrainsFromTheStart()
    {
        // As the check's learning-rate probe does: a second step from the same weights, sharing the first's cache.
        var random = new RandomGenerator(6);
        var (x, y) = (random.Uniform(new Shape(8, 4)), random.Uniform(new Shape(8, 1)));
        var model = Transfer();
        var start = model.GetWeights();
        float[] first = CachedLoop(model, x, y, new MeanSquaredError(), 3, out var step);

        model.SetWeights(start);
        var again = new TrainStep(model, [x], [y], new CompiledLoss(new MeanSquaredError()), new Adam(), step.FixedBatch);
        float[] retrained = [again.Run(), again.Run(), again.Run()];
        Assert.Equal(first, retrained);
    }

    [Fact]
    public void AStepWithAFrozenBaseAllocatesNothingInSteadyState()
    {
        var random = new RandomGenerator(8);
        var step = new TrainStep(Transfer(), random.Uniform(new Shape(8, 4)), random.Uniform(new Shape(8, 1)), new MeanSquaredError(), new Adam());
        for (int i = 0; i < 5; i++)
        {
            step.Run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            step.Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
