namespace OneBatch.Tests.IO;

/// <summary>
/// The seed article's three models as tf.keras 2's <c>model.to_json()</c> writes them, each with the loss it was
/// compiled with (<c>training_config</c>), so a file alone says everything a check on a synthetic batch needs.
/// </summary>
public static class SeedModelJson
{
    public static string Regression { get; } = Sequential([5], "mean_squared_error", Dense("dense", 64, "relu"), Dense("dense_1", 32, "relu"), Dense("dense_2", 1, "linear"));

    public static string Classification { get; } = Sequential([10], "categorical_crossentropy", Dense("dense", 64, "relu"), Dense("dense_1", 32, "relu"), Dense("dense_2", 3, "softmax"));

    public static string Cnn { get; } = Sequential([32, 32, 3], "categorical_crossentropy",
        Conv("conv2d", 32), Pool("max_pooling2d"), Conv("conv2d_1", 64), Pool("max_pooling2d_1"),
        """{"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}}""",
        Dense("dense", 128, "relu"), Dense("dense_1", 2, "softmax"));

    /// <summary>A Sequential of <paramref name="layers"/> (their JSON) on inputs of <paramref name="input"/>, compiled with <paramref name="loss"/> (none when null).</summary>
    public static string Sequential(int[] input, string? loss, params string[] layers)
    {
        string training = loss is null
            ? string.Empty
            : ", \"training_config\": {\"loss\": \"" + loss + "\", \"metrics\": [\"accuracy\"], \"optimizer_config\": {\"class_name\": \"Adam\", \"config\": {\"learning_rate\": 0.001}}}";
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": [\n"
            + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, " + string.Join(", ", input) + "], \"dtype\": \"float32\", \"name\": \"input_1\"}},\n"
            + string.Join(",\n", layers)
            + "\n]}, \"keras_version\": \"2.15.0\", \"backend\": \"tensorflow\"" + training + "}";
    }

    public static string Dense(string name, int units, string activation) => Layer("Dense", name,
        $"\"units\": {units}, \"activation\": \"{activation}\", \"use_bias\": true, " + Initializers);

    private static string Conv(string name, int filters) => Layer("Conv2D", name,
        $"\"filters\": {filters}, \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"groups\": 1, \"activation\": \"relu\", \"use_bias\": true, " + Initializers);

    private static string Pool(string name) => Layer("MaxPooling2D", name,
        "\"pool_size\": [2, 2], \"padding\": \"valid\", \"strides\": [2, 2], \"data_format\": \"channels_last\"");

    private const string Initializers =
        "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}";

    private static string Layer(string kind, string name, string settings) =>
        "{\"class_name\": \"" + kind + "\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, \"dtype\": \"float32\", " + settings + "}}";
}
