using CsCheck;
using OneBatch.Tests.IO;
using OneBatch.Tests.IO.Saved;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// A small model the data fuzzers feed: its JSON, the shape of one sample's input and target, and whether its input is
/// token ids (an Embedding's). Each trains in microseconds per step.
/// </summary>
public sealed record FuzzModel(string Json, int[] Input, int[] Target, bool TokenIds)
{
    public const int Vocabulary = 10;

    /// <summary>An MLP (features -> 4 relu -> outputs), an Embedding text model, or a small Conv2D.</summary>
    public static Gen<FuzzModel> Any { get; } = Gen.OneOf<FuzzModel>(
        from features in Gen.Int[1, 5]
        from outputs in Gen.Int[1, 3]
        select new FuzzModel(
            SeedModelJson.Sequential([features], "mean_squared_error", SeedModelJson.Dense("dense", 4, "relu"), SeedModelJson.Dense("dense_1", outputs, "linear")),
            [features], [outputs], false),
        from length in Gen.Int[1, 4]
        select new FuzzModel(
            SeedModelJson.Sequential([length], "binary_crossentropy",
                SavedModels.Layer("Embedding", "embedding", $"\"input_dim\": {Vocabulary}, \"output_dim\": 3, \"mask_zero\": false"),
                SavedModels.Layer("Flatten", "flatten", "\"data_format\": \"channels_last\""),
                SeedModelJson.Dense("dense", 1, "sigmoid")),
            [length], [1], true),
        from side in Gen.Int[3, 5]
        select new FuzzModel(
            SeedModelJson.Sequential([side, side, 2], "mean_squared_error",
                SavedModels.Layer("Conv2D", "conv2d", "\"filters\": 2, \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"activation\": \"relu\", \"use_bias\": true"),
                SavedModels.Layer("Flatten", "flatten", "\"data_format\": \"channels_last\""),
                SeedModelJson.Dense("dense", 2, "linear")),
            [side, side, 2], [2], false));

    public FuzzFile File(string name = "model.json") => new(name, System.Text.Encoding.UTF8.GetBytes(Json));

    /// <summary>The arguments every data case ends with: few steps, a fixed seed, no isolation retraining.</summary>
    public static string[] FastOptions { get; } = ["--steps", "20", "--seed", "1", "--no-isolate", "--quiet"];
}
