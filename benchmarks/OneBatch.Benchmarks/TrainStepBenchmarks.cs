using BenchmarkDotNet.Attributes;
using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Optimizers;

namespace OneBatch.Benchmarks;

/// <summary>
/// One full training step (forward, loss, backward, Adam update) of each seed workload, built as the seed writes it
/// (<c>Sequential</c>) and as the same chain of layers wired with the Functional API: the graph must cost nothing extra.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TrainStepBenchmarks
{
    private TrainStep _step = null!;

    [Params("regression", "classification", "cnn")]
    public string Workload { get; set; } = "regression";

    [Params("Sequential", "Functional")]
    public string Api { get; set; } = "Sequential";

    [GlobalSetup]
    public void Setup()
    {
        var demo = SeedDemos.Create(Workload, seed: 0);
        var model = Api == "Sequential" ? demo.Model : AsFunctional((Sequential)demo.Model);
        _step = new TrainStep(model, demo.Inputs, demo.Targets, demo.Loss, new Adam());
        for (int i = 0; i < 10; i++)
        {
            _step.Run();
        }
    }

    [Benchmark]
    public float Step() => _step.Run();

    // The same layers (already built, so the same weights), wired from a symbolic input.
    private static Functional AsFunctional(Sequential sequential)
    {
        var inputs = Keras.Input(sequential.InputShape!.Value.ToArray());
        var h = inputs;
        foreach (Layer layer in sequential.Layers)
        {
            h = layer.Apply(h);
        }

        return new Functional(inputs, h);
    }
}
