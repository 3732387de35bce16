using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// Preprocessing and augmentation layers inside a model, as each Keras version writes them (small models written for
/// these tests): an image classifier Rescaling -> augmentation -> RandomCrop -> Resizing -> CenterCrop -> Normalization
/// -> Flatten -> Dense in Keras 3's and tf.keras 2's JSON (Normalization's statistics in the config, or its weights), the
/// layers TensorFlow.js has, and the settings refused.
/// </summary>
public sealed class KerasPreprocessingJsonTests
{
    private const string ImagesKeras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Rescaling", "config": {"name": "rescaling", "trainable": true, "scale": 0.00392156862745098, "offset": 0.0}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomFlip", "config": {"name": "random_flip", "trainable": true, "mode": "horizontal", "seed": 42, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomRotation", "config": {"name": "random_rotation", "trainable": true, "factor": [-0.1, 0.1], "data_format": "channels_last",
            "fill_mode": "constant", "fill_value": 0.0, "interpolation": "nearest", "seed": null, "value_range": [0, 255]}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomZoom", "config": {"name": "random_zoom", "trainable": true, "height_factor": 0.2, "width_factor": null,
            "fill_mode": "reflect", "interpolation": "bilinear", "seed": null, "fill_value": 0.0, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomTranslation", "config": {"name": "random_translation", "trainable": true, "height_factor": 0.1, "width_factor": [-0.1, 0.2],
            "fill_mode": "reflect", "interpolation": "bilinear", "seed": null, "fill_value": 0.0, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomContrast", "config": {"name": "random_contrast", "trainable": true, "factor": 0.2, "value_range": [0, 255], "seed": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomBrightness", "config": {"name": "random_brightness", "trainable": true, "factor": [-0.2, 0.1], "value_range": [0.0, 1.0], "seed": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomHeight", "config": {"name": "random_height", "trainable": true, "factor": 0.1, "interpolation": "bilinear", "seed": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomWidth", "config": {"name": "random_width", "trainable": true, "factor": [0.0, 0.2], "interpolation": "nearest", "seed": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RandomCrop", "config": {"name": "random_crop", "trainable": true, "height": 6, "width": 6, "seed": 3, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Resizing", "config": {"name": "resizing", "trainable": true, "height": 5, "width": 5, "interpolation": "bilinear",
            "crop_to_aspect_ratio": false, "pad_to_aspect_ratio": false, "fill_mode": "constant", "fill_value": 0.0, "antialias": false, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "CenterCrop", "config": {"name": "center_crop", "trainable": true, "height": 4, "width": 4, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Normalization", "config": {"name": "normalization", "trainable": true, "axis": [-1],
            "invert": false, "mean": [0.5, 0.4, 0.3], "variance": [0.04, 0.09, 0.16]}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 2, "activation": "softmax", "use_bias": true}, "registered_name": null}
        ]}}
        """;

    // tf.keras 2: factors as tuples, an adapted Normalization (its statistics are weights).
    private const string ImagesKeras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "rescaling_input"}},
          {"class_name": "Rescaling", "config": {"name": "rescaling", "trainable": true, "dtype": "float32", "scale": 0.00392156862745098, "offset": 0.0}},
          {"class_name": "RandomFlip", "config": {"name": "random_flip", "trainable": true, "dtype": "float32", "mode": "horizontal", "seed": 42}},
          {"class_name": "RandomRotation", "config": {"name": "random_rotation", "trainable": true, "dtype": "float32", "factor": {"class_name": "__tuple__", "items": [-0.1, 0.1]},
            "fill_mode": "constant", "fill_value": 0.0, "interpolation": "nearest", "seed": null}},
          {"class_name": "RandomZoom", "config": {"name": "random_zoom", "trainable": true, "dtype": "float32", "height_factor": 0.2, "width_factor": null,
            "fill_mode": "reflect", "fill_value": 0.0, "interpolation": "bilinear", "seed": null}},
          {"class_name": "RandomTranslation", "config": {"name": "random_translation", "trainable": true, "dtype": "float32", "height_factor": 0.1,
            "width_factor": {"class_name": "__tuple__", "items": [-0.1, 0.2]}, "fill_mode": "reflect", "fill_value": 0.0, "interpolation": "bilinear", "seed": null}},
          {"class_name": "RandomContrast", "config": {"name": "random_contrast", "trainable": true, "dtype": "float32", "factor": 0.2, "seed": null}},
          {"class_name": "RandomBrightness", "config": {"name": "random_brightness", "trainable": true, "dtype": "float32", "factor": [-0.2, 0.1], "value_range": [0.0, 1.0], "seed": null}},
          {"class_name": "RandomHeight", "config": {"name": "random_height", "trainable": true, "dtype": "float32", "factor": 0.1, "interpolation": "bilinear", "seed": null}},
          {"class_name": "RandomWidth", "config": {"name": "random_width", "trainable": true, "dtype": "float32", "factor": {"class_name": "__tuple__", "items": [0.0, 0.2]},
            "interpolation": "nearest", "seed": null}},
          {"class_name": "RandomCrop", "config": {"name": "random_crop", "trainable": true, "dtype": "float32", "height": 6, "width": 6, "seed": 3}},
          {"class_name": "Resizing", "config": {"name": "resizing", "trainable": true, "dtype": "float32", "height": 5, "width": 5, "interpolation": "bilinear", "crop_to_aspect_ratio": false}},
          {"class_name": "CenterCrop", "config": {"name": "center_crop", "trainable": true, "dtype": "float32", "height": 4, "width": 4}},
          {"class_name": "Normalization", "config": {"name": "normalization", "trainable": true, "dtype": "float32", "axis": [-1], "invert": false, "mean": null, "variance": null}},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 2, "activation": "softmax", "use_bias": true}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    public static TheoryData<string, bool> Images => new() { { ImagesKeras3, true }, { ImagesKeras2, false } };

    [Theory]
    [MemberData(nameof(Images))]
    public void AnImageClassifierWithPreprocessingImportsReadsItsSettingsAndTrains(string json, bool statisticsInConfig)
    {
        var model = KerasModelJson.Parse(json, seed: 1, "images.json").Model;
        Assert.Equal(
            ["Rescaling", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness", "RandomHeight", "RandomWidth",
                "RandomCrop", "Resizing", "CenterCrop", "Normalization", "Flatten", "Dense"],
            model.Layers.Select(l => l.ClassName));
        Assert.Equal(1f / 255f, Assert.IsType<Rescaling>(model.Layers[0]).Scale[0], 6);
        var flip = Assert.IsType<RandomFlip>(model.Layers[1]);
        Assert.Equal(("horizontal", (int?)42), (flip.Mode, flip.Seed));
        var rotation = Assert.IsType<RandomRotation>(model.Layers[2]);
        Assert.Equal([-0.1f, 0.1f], rotation.Factor);
        Assert.Equal(("constant", "nearest"), (rotation.FillMode, rotation.Interpolation));
        var zoom = Assert.IsType<RandomZoom>(model.Layers[3]);
        Assert.Equal([0.2f], zoom.HeightFactor);
        Assert.Null(zoom.WidthFactor);
        Assert.Equal([-0.1f, 0.2f], Assert.IsType<RandomTranslation>(model.Layers[4]).WidthFactor);
        Assert.Equal([0.2f], Assert.IsType<RandomContrast>(model.Layers[5]).Factor);
        var brightness = Assert.IsType<RandomBrightness>(model.Layers[6]);
        Assert.Equal([-0.2f, 0.1f], brightness.Factor);
        Assert.Equal([0f, 1f], brightness.ValueRange);
        Assert.Equal([0f, 0.2f], Assert.IsType<RandomWidth>(model.Layers[8]).Factor);
        Assert.Equal((6, 6), (Assert.IsType<RandomCrop>(model.Layers[9]).Height, ((RandomCrop)model.Layers[9]).Width));
        var resizing = Assert.IsType<Resizing>(model.Layers[10]);
        Assert.Equal((5, 5, "bilinear", false), (resizing.Height, resizing.Width, resizing.Interpolation, resizing.CropToAspectRatio));
        Assert.Equal((4, 4), (Assert.IsType<CenterCrop>(model.Layers[11]).Height, ((CenterCrop)model.Layers[11]).Width));
        var normalization = Assert.IsType<Normalization>(model.Layers[12]);
        Assert.Equal([-1], normalization.Axis);
        Assert.Equal(
            [new Shape(8, 8, 3), new Shape(6, 6, 3), new Shape(5, 5, 3), new Shape(4, 4, 3), new Shape(4, 4, 3), new Shape(48), new Shape(2)],
            model.Layers.Skip(8).Select(l => l.OutputShape!.Value));

        // Statistics in the config are constants; an adapted layer holds mean, variance and count as weights.
        Assert.Equal(statisticsInConfig ? 0 : 3, normalization.Weights.Count);
        Assert.Equal((48 * 2) + 2 + (statisticsInConfig ? 0 : 3 + 3 + 1), model.CountParams());

        var x = new RandomGenerator(4).Uniform(new Shape(4, 8, 8, 3), 0f, 255f);
        var y = Tensor.FromArray([0f, 1f, 1f, 0f], 4);
        var report = SingleBatchCheck.Run(model, x, y, new SparseCategoricalCrossentropy(), new Adam(0.01f));
        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
        Assert.Contains(report.Notes, n => n.Contains("act only in training", StringComparison.Ordinal) && n.Contains("'random_flip' (RandomFlip)", StringComparison.Ordinal));
    }

    [Fact]
    public void NormalizationStatisticsFromTheConfigStandardizeAsKerasDoes()
    {
        // Keras 3 writes axis=None as [] (one mean and variance for all values); a per-pixel mean over axes [1, 2] is a
        // nested list; invert undoes it.
        const string json = """
            {"module": "keras", "class_name": "Functional", "config": {"name": "f", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2, 2], "name": "in"}, "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "Normalization", "config": {"name": "all", "axis": [], "mean": 1.0, "variance": 4.0, "invert": false},
                "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 2, 2], "keras_history": ["in", 0, 0]}}], "kwargs": {}}]},
              {"module": "keras.layers", "class_name": "Normalization", "config": {"name": "pixels", "axis": [1, 2], "mean": [[0.0, 1.0], [2.0, 3.0]],
                "variance": [[1.0, 1.0], [4.0, 0.25]], "invert": true},
                "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 2, 2], "keras_history": ["all", 0, 0]}}], "kwargs": {}}]}
            ], "input_layers": [["in", 0, 0]], "output_layers": [["pixels", 0, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, seed: 0, "n").Model;
        Assert.Empty(model.Layers.OfType<Normalization>().First().Axis);

        // x = [1, 3, 5, 7]: (x - 1) / 2 = [0, 1, 2, 3]; then mean + v * sqrt(variance) = [0 + 0, 1 + 1, 2 + 4, 3 + 1.5].
        var y = model.Apply(Tensor.FromArray([1f, 3f, 5f, 7f], 1, 2, 2)).ToArray();
        Assert.Equal([0f, 2f, 6f, 4.5f], y);
    }

    [Fact]
    public void TensorFlowJsPreprocessingLayersAreRead()
    {
        const string tfjs = """
            {"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Rescaling", "config": {"scale": 0.0078125, "offset": -1, "name": "rescaling", "trainable": true, "batchInputShape": [null, 10, 12, 3]}},
              {"class_name": "RandomWidth", "config": {"factor": 0.2, "interpolation": "bilinear", "seed": 1, "name": "random_width", "trainable": true}},
              {"class_name": "Resizing", "config": {"height": 8, "width": 8, "interpolation": "nearest", "cropToAspectRatio": true, "name": "resizing", "trainable": true}},
              {"class_name": "CenterCrop", "config": {"height": 6, "width": 4, "name": "center_crop", "trainable": true}}
            ]}}}
            """;
        var model = KerasModelJson.Parse(tfjs, seed: 0, "t").Model;
        var rescaling = Assert.IsType<Rescaling>(model.Layers[0]);
        Assert.Equal((1f / 128f, -1f), (rescaling.Scale[0], rescaling.Offset[0]));
        Assert.Equal((int?)1, Assert.IsType<RandomWidth>(model.Layers[1]).Seed);
        var resizing = Assert.IsType<Resizing>(model.Layers[2]);
        Assert.Equal(("nearest", true), (resizing.Interpolation, resizing.CropToAspectRatio));
        Assert.Equal(new Shape(6, 4, 3), model.OutputShape);
    }

    [Theory]
    [InlineData("Resizing", "\"height\": 4, \"width\": 4, \"antialias\": true", "sets antialias = true, which OneBatch does not support")]
    [InlineData("Resizing", "\"height\": 4, \"width\": 4, \"pad_to_aspect_ratio\": true", "sets pad_to_aspect_ratio = true, which OneBatch does not support")]
    [InlineData("Resizing", "\"height\": 4, \"width\": 4, \"interpolation\": \"bicubic\"", "cannot be built: Resizing 'bad' interpolates bilinear or nearest; got 'bicubic'")]
    [InlineData("Resizing", "\"width\": 4", "has a height that is not a positive whole number")]
    [InlineData("CenterCrop", "\"height\": 2, \"width\": 2, \"data_format\": \"channels_first\"", "sets data_format = channels_first, which OneBatch does not support")]
    [InlineData("Rescaling", "\"scale\": \"x\"", "has a scale that is not a number or a list of numbers")]
    [InlineData("Rescaling", "\"offset\": 1.0", "has a scale that is not a number or a list of numbers")]
    [InlineData("Normalization", "\"axis\": [-1], \"mean\": [0.0, 1.0, 2.0]", "cannot be built: Normalization 'bad' needs both mean and variance, or neither")]
    [InlineData("Normalization", "\"axis\": [0]", "cannot keep a mean per index of axis 0, the batch axis")]
    [InlineData("RandomRotation", "\"factor\": [0.1, 0.2, 0.3]", "needs a factor of one finite number or a (lower, upper) pair")]
    [InlineData("RandomZoom", "\"width_factor\": 0.1", "has a height_factor that is not a number or a (lower, upper) pair")]
    [InlineData("RandomFlip", "\"mode\": \"diagonal\"", "flips horizontal, vertical or horizontal_and_vertical; got 'diagonal'")]
    [InlineData("RandomCrop", "\"height\": 0, \"width\": 2", "has a height that is not a positive whole number")]
    public void SettingsOneBatchCannotHonourAreRefusedNamingTheLayerAndKey(string className, string settings, string expected)
    {
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 6, 3], "name": "in"}},
              {"class_name": "{{{className}}}", "config": {"name": "bad", {{{settings}}}}}
            ]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, seed: 0, "m.json"));
        Assert.StartsWith("m.json: ", e.Message);
        Assert.Contains($"'bad' ({className})", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
