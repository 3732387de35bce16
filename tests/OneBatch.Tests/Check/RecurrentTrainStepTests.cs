using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

/// <summary>A text classifier's training step (Embedding, a recurrent layer, Dense) allocates nothing in steady state.</summary>
public sealed class RecurrentTrainStepTests
{
    [Theory]
    [InlineData("lstm", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", true)]
    [InlineData("gru_reset_before", false)]
    [InlineData("simple_rnn", true)]
    [InlineData("bidirectional", true)]
    [InlineData("lstm_large", true)]
    public void AStepInSteadyStateAllocatesNothing(string kind, bool maskZero)
    {
        // lstm_large: big enough for the samples' recurrences to be shared among the GEMM team's threads.
        int batch = kind == "lstm_large" ? 16 : 5, steps = kind == "lstm_large" ? 20 : 7;
        var model = Model(kind, maskZero, steps);
        var ids = new RandomGenerator(2).Integers(new Shape(batch, steps), 0, 50);
        for (int i = 0; i < batch; i++)
        {
            ids.Span[(i * steps) + steps - 1] = 0f; // some padding at the end
        }

        var y = new RandomGenerator(3).Integers(new Shape(batch, 1), 0, 2);
        var step = new TrainStep(model, ids, y, new BinaryCrossentropy(), new Adam());
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run());
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
    }

    private static Model Model(string kind, bool maskZero, int steps)
    {
        if (kind == "gru_reset_before")
        {
            // The final state, a second output of the layer, feeds the head.
            var inputs = Keras.Input(shape: [steps]);
            var outputs = new GRU(6, resetAfter: false, returnState: true).ApplyAll(new Embedding(50, 8, maskZero: maskZero).Apply(inputs));
            return new Functional(inputs, new Dense(1, activation: "sigmoid").Apply(outputs[1]), seed: 1);
        }

        Layer recurrent = kind switch
        {
            "lstm" => new LSTM(6),
            "lstm_large" => new LSTM(64),
            "gru" => new GRU(6, returnSequences: true),
            "bidirectional" => new Bidirectional(new LSTM(6, returnSequences: true), "ave"),
            _ => new SimpleRNN(6, goBackwards: true),
        };
        var layers = new List<Layer> { new Embedding(50, 8, maskZero: maskZero, inputShape: [steps]), recurrent };
        if (kind is "gru" or "bidirectional")
        {
            layers.Add(new Flatten());
        }

        layers.Add(new Dense(1, activation: "sigmoid"));
        return new Sequential(layers, seed: 1);
    }

    [Fact]
    public void ATextClassifierMemorizesItsBatch()
    {
        var model = new Sequential(
        [
            new Embedding(30, 8, maskZero: true, inputShape: [6]),
            new LSTM(16),
            new Dense(1, activation: "sigmoid"),
        ], seed: 0);
        var ids = new RandomGenerator(4).Integers(new Shape(8, 6), 1, 30);
        var y = Tensor.FromArray([0f, 1f, 1f, 0f, 1f, 0f, 0f, 1f], 8, 1);
        var step = new TrainStep(model, ids, y, new BinaryCrossentropy(), new Adam(0.01f));
        float first = step.Run(), loss = first;
        for (int i = 0; i < 300 && loss > 0.01f; i++)
        {
            loss = step.Run();
        }

        Assert.True(loss < 0.01f, $"loss {first} -> {loss}");
    }
}
