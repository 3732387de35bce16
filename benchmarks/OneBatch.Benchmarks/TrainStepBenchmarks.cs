using BenchmarkDotNet.Attributes;
using OneBatch.Check;
using OneBatch.Optimizers;

namespace OneBatch.Benchmarks;

/// <summary>One full training step (forward, loss, backward, Adam update) of each seed workload.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TrainStepBenchmarks
{
    private TrainStep _step = null!;

    [Params("regression", "classification", "cnn")]
    public string Workload { get; set; } = "regression";

    [GlobalSetup]
    public void Setup()
    {
        var demo = SeedDemos.Create(Workload, seed: 0);
        _step = new TrainStep(demo.Model, demo.X, demo.Y, demo.Loss, new Adam());
        for (int i = 0; i < 10; i++)
        {
            _step.Run();
        }
    }

    [Benchmark]
    public float Step() => _step.Run();
}
