// The README's xunit example, word for word from its first using directive to the end of this file (the test
// project's global usings add nothing it needs). AssertMemorizesTests runs it with the broken output layer too.
using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using Xunit;

namespace OneBatch.Tests.Check;

public sealed class RegressionModelTests
{
    // Targets in [-1, 1): a ReLU output (the broken model) cannot produce the negative ones; a linear one can.
    public static Sequential BuildModel(string? outputActivation = null) => new(
    [
        new Dense(64, activation: "relu", inputShape: [5]),
        new Dense(32, activation: "relu"),
        new Dense(1, activation: outputActivation),      // broken: BuildModel("relu")
    ], seed: 0);

    [Fact]
    public void TheModelMemorizesOneBatch()
    {
        var rng = new RandomGenerator(seed: 0);
        var x = rng.Uniform(new Shape(32, 5));
        var y = rng.Uniform(new Shape(32, 1), min: -1f, max: 1f);

        SingleBatchCheck.AssertMemorizes(BuildModel(), x, y, loss: "mse", optimizer: new Adam(1e-3f));
    }
}
