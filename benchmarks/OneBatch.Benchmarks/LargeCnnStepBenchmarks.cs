using BenchmarkDotNet.Attributes;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Benchmarks;

/// <summary>
/// One training step of a larger CNN, where the convolutions' arithmetic rather than dispatch sets the time: batch 32 of
/// 64x64x3 images, three same-padded 3x3 Conv2D relu blocks of 32, 64 and 128 filters each followed by a 2x2 max pool,
/// Flatten (8x8x128), Dense 256 relu, Dense 10 softmax; categorical cross-entropy; Adam. About 8.3 GFLOP a step
/// (forward 2.78: the convolutions 0.23 + 1.21 + 1.21, the Dense 256 0.13; backward twice that, less conv1's input gradient).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LargeCnnStepBenchmarks
{
    private TrainStep _step = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (model, x, y) = Create(seed: 0);
        _step = new TrainStep(model, x, y, new CategoricalCrossentropy(), new Adam());
        for (int i = 0; i < 5; i++)
        {
            _step.Run();
        }
    }

    [Benchmark]
    public float Step() => _step.Run();

    /// <summary>The model and a seeded random batch (inputs uniform in [0, 1), one-hot targets of 10 classes).</summary>
    public static (Sequential Model, Tensor X, Tensor Y) Create(int seed)
    {
        var random = new RandomGenerator(seed);
        var x = random.Uniform(new Shape(32, 64, 64, 3));
        var y = Categorical.ToCategorical(random.Integers(new Shape(32), 0, 10), 10);
        var model = new Sequential(
        [
            new Conv2D(32, 3, padding: "same", activation: "relu", inputShape: [64, 64, 3]),
            new MaxPooling2D([2, 2]),
            new Conv2D(64, 3, padding: "same", activation: "relu"),
            new MaxPooling2D([2, 2]),
            new Conv2D(128, 3, padding: "same", activation: "relu"),
            new MaxPooling2D([2, 2]),
            new Flatten(),
            new Dense(256, activation: "relu"),
            new Dense(10, activation: "softmax"),
        ], seed);
        return (model, x, y);
    }
}
