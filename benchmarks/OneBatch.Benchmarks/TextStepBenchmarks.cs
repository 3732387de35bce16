using BenchmarkDotNet.Attributes;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Benchmarks;

/// <summary>
/// One full training step of an LSTM text classifier: Embedding(10000, 128) -> LSTM(128) -> Dense(1, sigmoid) on 32
/// sequences of 50 token ids, binary cross-entropy, Adam (libtorch takes about 21 ms for it on this machine).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TextStepBenchmarks
{
    private TrainStep _step = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = new Sequential(
        [
            new Embedding(10000, 128, inputShape: [50]),
            new LSTM(128),
            new Dense(1, activation: "sigmoid"),
        ], seed: 0);
        var random = new RandomGenerator(1);
        var ids = random.Integers(new Shape(32, 50), 0, 10000);
        var labels = random.Integers(new Shape(32, 1), 0, 2);
        _step = new TrainStep(model, ids, labels, new BinaryCrossentropy(), new Adam());
        for (int i = 0; i < 10; i++)
        {
            _step.Run();
        }
    }

    [Benchmark]
    public float Step() => _step.Run();
}
