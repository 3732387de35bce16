using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Check;

/// <summary>
/// The three examples of the seed article, built exactly as it writes them (random batch from
/// <c>np.random.rand</c>-like uniform values; Adam 0.001 is the caller's default). The same seed gives the same
/// batch and the same initial weights.
/// </summary>
public static class SeedDemos
{
    public static IReadOnlyList<string> Names { get; } = ["regression", "classification", "cnn", "text"];

    public static CheckCase Create(string name, int seed = 0) => name switch
    {
        "regression" => Regression(seed),
        "classification" => Classification(seed),
        "cnn" => Cnn(seed),
        "text" => Text(seed),
        _ => throw new ArgumentException($"Unknown demo '{name}'. Known: {string.Join(", ", Names)}."),
    };

    /// <summary>Batch 32 of 5 inputs and 1 target; Dense 64 relu, Dense 32 relu, Dense 1; MSE.</summary>
    public static CheckCase Regression(int seed = 0)
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
        return new CheckCase("regression", model, x, y, new MeanSquaredError());
    }

    /// <summary>Batch 32 of 10 inputs, 3 classes one-hot; Dense 64 relu, Dense 32 relu, Dense 3 softmax; categorical cross-entropy.</summary>
    public static CheckCase Classification(int seed = 0)
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
        return new CheckCase("classification", model, x, y, new CategoricalCrossentropy());
    }

    /// <summary>
    /// Batch 16 of 32x32x3 images, 2 classes one-hot; Conv2D 32 3x3 relu, MaxPooling2D 2x2, Conv2D 64 3x3 relu,
    /// MaxPooling2D 2x2, Flatten, Dense 128 relu, Dense 2 softmax; categorical cross-entropy.
    /// </summary>
    public static CheckCase Cnn(int seed = 0)
    {
        var random = new RandomGenerator(seed);
        var x = random.Uniform(new Shape(16, 32, 32, 3));
        var y = Categorical.ToCategorical(random.Integers(new Shape(16), 0, 2), 2);
        var model = new Sequential(
        [
            new Conv2D(32, [3, 3], activation: "relu", inputShape: [32, 32, 3]),
            new MaxPooling2D([2, 2]),
            new Conv2D(64, [3, 3], activation: "relu"),
            new MaxPooling2D([2, 2]),
            new Flatten(),
            new Dense(128, activation: "relu"),
            new Dense(2, activation: "softmax"),
        ], seed);
        return new CheckCase("cnn", model, x, y, new CategoricalCrossentropy());
    }

    /// <summary>
    /// A sentiment-style text classifier: batch 32 of 20 token ids below 1000 (the last steps of each padded with id 0),
    /// a binary label each; Embedding(1000, 32, mask_zero) into LSTM(32) into Dense(1, sigmoid); binary cross-entropy.
    /// </summary>
    public static CheckCase Text(int seed = 0)
    {
        var random = new RandomGenerator(seed);
        var ids = random.Integers(new Shape(32, 20), 1, 1000);
        var lengths = random.Integers(new Shape(32), 8, 21);
        for (int n = 0; n < 32; n++)
        {
            int length = (int)lengths.ReadOnlySpan[n];
            ids.Span.Slice((n * 20) + length, 20 - length).Clear();
        }

        var labels = random.Integers(new Shape(32, 1), 0, 2);
        var model = new Sequential(
        [
            new Embedding(1000, 32, maskZero: true, inputShape: [20]),
            new LSTM(32),
            new Dense(1, activation: "sigmoid"),
        ], seed);
        return new CheckCase("text", model, ids, labels, new BinaryCrossentropy());
    }
}
