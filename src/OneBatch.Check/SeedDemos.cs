using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Check;

/// <summary>A model, its fixed batch and its loss: one ready-made single-batch problem.</summary>
public sealed record Demo(string Name, Sequential Model, Tensor X, Tensor Y, Loss Loss);

/// <summary>
/// The three examples of the seed article, built exactly as it writes them (random batch from
/// <c>np.random.rand</c>-like uniform values; Adam 0.001 is the caller's default). The same seed gives the same
/// batch and the same initial weights.
/// </summary>
public static class SeedDemos
{
    public static IReadOnlyList<string> Names { get; } = ["regression", "classification"];

    public static Demo Create(string name, int seed = 0) => name switch
    {
        "regression" => Regression(seed),
        "classification" => Classification(seed),
        _ => throw new ArgumentException($"Unknown demo '{name}'. Known: {string.Join(", ", Names)}."),
    };

    /// <summary>Batch 32 of 5 inputs and 1 target; Dense 64 relu, Dense 32 relu, Dense 1; MSE.</summary>
    public static Demo Regression(int seed = 0)
    {
        var random = new RandomGenerator(seed);
        var x = random.Uniform(new Shape(32, 5));
        var y = random.Uniform(new Shape(32, 1));
        var model = new Sequential(
        [
            new Dense(64, activation: "relu", inputShape: [5]),
            new Dense(32, activation: "relu"),
            new Dense(1),
        ], seed);
        return new Demo("regression", model, x, y, new MeanSquaredError());
    }

    /// <summary>Batch 32 of 10 inputs, 3 classes one-hot; Dense 64 relu, Dense 32 relu, Dense 3 softmax; categorical cross-entropy.</summary>
    public static Demo Classification(int seed = 0)
    {
        var random = new RandomGenerator(seed);
        var x = random.Uniform(new Shape(32, 10));
        var y = Categorical.ToCategorical(random.Integers(new Shape(32), 0, 3), 3);
        var model = new Sequential(
        [
            new Dense(64, activation: "relu", inputShape: [10]),
            new Dense(32, activation: "relu"),
            new Dense(3, activation: "softmax"),
        ], seed);
        return new Demo("classification", model, x, y, new CategoricalCrossentropy());
    }
}
