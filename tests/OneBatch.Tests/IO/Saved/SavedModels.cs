using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO.Saved;

/// <summary>The tiny models the saved-file tests write and read (Dense 3-4-2, a small LSTM, a small Conv2D), and checks on them.</summary>
internal static class SavedModels
{
    public static string Mlp(string first = "dense", string second = "dense_1", int hidden = 4) => SeedModelJson.Sequential(
        [3], "mean_squared_error", SeedModelJson.Dense(first, hidden, "relu"), Layer("Activation", "activation", "\"activation\": \"tanh\""), SeedModelJson.Dense(second, 2, "linear"));

    public static string Lstm(string lstmClass = "LSTM") => SeedModelJson.Sequential(
        [5, 3], "mean_squared_error",
        Layer(lstmClass, "lstm", "\"units\": 2, \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\", \"return_sequences\": false, \"use_bias\": true, \"unit_forget_bias\": true"),
        SeedModelJson.Dense("dense", 2, "linear"));

    public static string Gru(string gruClass) => SeedModelJson.Sequential(
        [5, 3], "mean_squared_error",
        Layer(gruClass, "gru", "\"units\": 2, \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\", \"return_sequences\": false, \"use_bias\": true, \"reset_after\": true"),
        SeedModelJson.Dense("dense", 2, "linear"));

    public static string Cnn { get; } = SeedModelJson.Sequential(
        [6, 6, 2], "mean_squared_error",
        Layer("Conv2D", "conv2d", "\"filters\": 3, \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"activation\": \"relu\", \"use_bias\": true"),
        Layer("Flatten", "flatten", "\"data_format\": \"channels_last\""),
        SeedModelJson.Dense("dense", 2, "linear"));

    /// <summary>The input shape of each model above, for its batch.</summary>
    public static int[] InputOf(string json) => json == Cnn ? [6, 6, 2] : json.Contains("\"units\": 2, \"activation\": \"tanh\"", StringComparison.Ordinal) ? [5, 3] : [3];

    public static ImportedModel Build(string json, int seed) =>
        KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(json), "'test.json'").Build(seed);

    /// <summary>Every weight of <paramref name="actual"/> equals <paramref name="expected"/>'s, bit for bit.</summary>
    public static void AssertSameWeights(Model expected, Model actual)
    {
        var e = expected.GetWeights();
        var a = actual.GetWeights();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].Select(BitConverter.SingleToInt32Bits), a[i].Select(BitConverter.SingleToInt32Bits));
        }
    }

    /// <summary>The two models start from different weights (so loading is what makes them equal).</summary>
    public static void AssertDifferentWeights(Model a, Model b) => Assert.NotEqual(a.GetWeights()[0], b.GetWeights()[0]);

    /// <summary>Writes a batch (x.npy, y.npy) for the model in <paramref name="json"/> into the folder and returns it.</summary>
    public static (Tensor X, Tensor Y) WriteBatch(TempFolder dir, string json, int outputs = 2)
    {
        var random = new RandomGenerator(5);
        var x = random.Uniform(new Shape([8, .. InputOf(json)]));
        var y = random.Uniform(new Shape(8, outputs));
        OneBatch.IO.Data.NpyWriter.Write(dir.File("x.npy"), x);
        OneBatch.IO.Data.NpyWriter.Write(dir.File("y.npy"), y);
        return (x, y);
    }

    public static CheckOptions Options { get; } = new() { MaxSteps = 12, EarlyStop = false };

    /// <summary>
    /// The check loaded from <paramref name="files"/> (drawing other weights first) gives, bit for bit, the loss curve
    /// of <paramref name="original"/> trained on the same batch; and its notes say where the weights came from.
    /// </summary>
    public static void AssertSameCurve(Model original, Tensor x, Tensor y, string loss, CheckFiles files, string from)
    {
        var loaded = CheckCaseLoader.Load(files, seed: 99);
        Assert.Contains(loaded.Notes, n => n.Contains($"The check starts from the weights in {from}", StringComparison.Ordinal));
        var actual = SingleBatchCheck.Run(loaded, new Adam(), Options).LossCurve;
        var expected = SingleBatchCheck.Run(original, x, y, Loss.Get(loss, false), new Adam(), Options).LossCurve;
        Assert.Equal(Options.MaxSteps + 1, expected.Count);
        Assert.Equal(expected.Select(p => (p.Step, BitConverter.SingleToInt32Bits(p.Loss))), actual.Select(p => (p.Step, BitConverter.SingleToInt32Bits(p.Loss))));
    }

    public static string Layer(string kind, string name, string settings) =>
        "{\"class_name\": \"" + kind + "\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, \"dtype\": \"float32\", " + settings + "}}";
}
