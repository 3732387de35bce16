using OneBatch.Initializers;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

public sealed class KerasModelJsonTests
{
    public static TheoryData<string, string, string?> Samples => new()
    {
        { KerasSamples.TfKeras2, "tf.keras 2", null },
        { KerasSamples.Keras3, "Keras 3", "CategoricalCrossentropy" },
        { KerasSamples.TfjsConverted, "TensorFlow.js", "categorical_crossentropy" },
        { KerasSamples.TfjsToJson, "TensorFlow.js", null },
        { KerasSamples.TfjsCamelCase, "TensorFlow.js", "categoricalCrossentropy" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryFormatImportsTheSameArchitecture(string json, string format, string? loss)
    {
        var imported = KerasModelJson.Parse(json, seed: 0, "sample");
        var model = imported.Model;
        Assert.Equal(format, imported.Format);
        Assert.Equal(loss, imported.Loss);
        Assert.Empty(imported.UnsupportedInitializers);
        Assert.True(model.Built);
        Assert.Equal(new Shape(4), model.InputShape);
        Assert.Equal(new Shape(3), model.OutputShape);
        Assert.Equal(["Dense", "Dropout", "Dense", "Activation", "Dense"], model.Layers.Select(l => l.ClassName));
        Assert.Equal((4 * 16) + 16 + (16 * 8) + 8 + (8 * 3) + 3, model.CountParams());
        var dense = Assert.IsType<Dense>(model.Layers[0]);
        Assert.Equal("relu", dense.Activation.Name);
        Assert.Equal(0.2f, Assert.IsType<Dropout>(model.Layers[1]).Rate);
        Assert.Equal("linear", Assert.IsType<Dense>(model.Layers[2]).Activation.Name);
        Assert.Equal("tanh", Assert.IsType<Activation>(model.Layers[3]).Function.Name);
        Assert.Equal("softmax", Assert.IsType<Dense>(model.Layers[4]).Activation.Name);
        Assert.Equal([5f], model.Apply(Tensor.Full(new Shape(5, 4), 0.5f)).Shape.DropLast().ToArray().Select(d => (float)d));
    }

    [Fact]
    public void LayerNamesAndInitializersComeFromTheFile()
    {
        var model = KerasModelJson.Parse(KerasSamples.TfjsCamelCase, 0, "s").Model;
        Assert.Equal(["d1", "drop", "d2", "act", "d3"], model.Layers.Select(l => l.Name));
        Assert.IsType<HeNormal>(((Dense)model.Layers[0]).KernelInitializer);
        Assert.IsType<GlorotNormal>(((Dense)KerasModelJson.Parse(KerasSamples.TfjsToJson, 0, "s").Model.Layers[0]).KernelInitializer);
    }

    [Fact]
    public void FromLogitsIsReadFromTheCompileConfig()
    {
        string json = KerasSamples.Keras3.Replace("\"from_logits\": false", "\"from_logits\": true", StringComparison.Ordinal);
        Assert.True(KerasModelJson.Parse(json, 0, "s").FromLogits);
        Assert.False(KerasModelJson.Parse(KerasSamples.Keras3, 0, "s").FromLogits);
    }

    [Fact]
    public void OldKerasSequentialWithAListConfigImports()
    {
        const string json = """
            {"class_name": "Sequential", "keras_version": "2.1.1", "backend": "tensorflow", "config": [
              {"class_name": "Dense", "config": {"units": 5, "activation": "sigmoid", "batch_input_shape": [null, 3], "name": "dense_1",
                "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": null}}}},
              {"class_name": "Dense", "config": {"units": 1, "name": "dense_2", "use_bias": false}}
            ]}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(new Shape(3), model.InputShape);
        Assert.IsType<GlorotUniform>(((Dense)model.Layers[0]).KernelInitializer);
        Assert.Equal((3 * 5) + 5 + 5, model.CountParams());
    }

    [Fact]
    public void ReshapeAndFrozenLayersImport()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 6]}},
              {"class_name": "Reshape", "config": {"name": "r", "target_shape": [-1, 2]}},
              {"class_name": "Dense", "config": {"name": "frozen", "units": 4, "trainable": false}},
              {"class_name": "Reshape", "config": {"name": "flat", "target_shape": [12]}},
              {"class_name": "Dense", "config": {"name": "out", "units": 1,
                "kernel_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.5, "maxval": 0.5}},
                "bias_initializer": {"class_name": "Constant", "config": {"value": 0.25}}}}
            ]}, "keras_version": "3.5.0"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(new Shape(3, 4), model.Layers[1].OutputShape);
        Assert.False(model.Layers[1].Trainable);
        Assert.Equal(2, model.TrainableVariables.Count);
        Assert.All(model.Weights[^1].Value.ToArray(), v => Assert.Equal(0.25f, v));
        Assert.All(model.Weights[^2].Value.ToArray(), v => Assert.InRange(v, -0.5f, 0.5f));
    }

    [Fact]
    public void AModelWithoutAnInputShapeWaitsForTheData()
    {
        const string json = """{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 2}}]}}""";
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.False(model.Built);
    }

    [Fact]
    public void TheSeedCnnImportsLayerForLayer()
    {
        // The seed's CNN as tf.keras 2 writes it, with a BatchNormalization and an average pool added.
        const string json = """
            {"class_name": "Sequential", "config": {"name": "cnn", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 32, 32, 3], "dtype": "float32", "name": "in"}},
              {"class_name": "Conv2D", "config": {"name": "c1", "filters": 32, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true}},
              {"class_name": "MaxPooling2D", "config": {"name": "p1", "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
              {"class_name": "Conv2D", "config": {"name": "c2", "filters": 64, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "activation": "relu"}},
              {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3], "momentum": 0.9, "epsilon": 0.001, "center": true, "scale": true}},
              {"class_name": "AveragePooling2D", "config": {"name": "p2", "pool_size": [2, 2], "padding": "same", "strides": [1, 1]}},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "g", "data_format": "channels_last", "keepdims": false}},
              {"class_name": "Dense", "config": {"name": "out", "units": 2, "activation": "softmax"}}
            ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;

        Assert.Equal(["Conv2D", "MaxPooling2D", "Conv2D", "BatchNormalization", "AveragePooling2D", "GlobalAveragePooling2D", "Dense"],
            model.Layers.Select(l => l.ClassName));
        // 30x30x32 -> 15x15x32 -> (same, stride 2) 8x8x64 -> 8x8x64 -> (same, stride 1) 8x8x64 -> 64 -> 2
        Assert.Equal(new Shape(30, 30, 32), model.Layers[0].OutputShape);
        Assert.Equal(new Shape(8, 8, 64), model.Layers[2].OutputShape);
        Assert.Equal(new Shape(8, 8, 64), model.Layers[4].OutputShape);
        Assert.Equal(new Shape(2), model.OutputShape);
        var conv2 = Assert.IsType<Conv2D>(model.Layers[2]);
        Assert.Equal([2, 2], conv2.Strides);
        Assert.Equal("relu", conv2.Activation.Name);
        var bn = Assert.IsType<BatchNormalization>(model.Layers[3]);
        Assert.Equal(4, bn.Weights.Count);
        Assert.Equal(2, bn.TrainableWeights.Count);
        // conv 3*3*3*32+32, conv 3*3*32*64+64, BN 4*64, dense 64*2+2
        Assert.Equal(896 + 18496 + 256 + 130, model.CountParams());
    }

    [Fact]
    public void BatchNormalizationOverANonChannelAxisIsRefusedNamingTheLayer()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [2], "batch_input_shape": [null, 8, 8, 3]}}
            ]}}
            """;
        var e = Assert.ThrowsAny<Exception>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.True(e is InputException or ArgumentException, e.GetType().Name);
        Assert.Contains("'bn'", e.Message);
        Assert.Contains("axis is 2", e.Message);
    }

    [Fact]
    public void AFromLogitsThatIsNotABooleanIsRefused()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 2, "batch_input_shape": [null, 3]}}]},
             "compile_config": {"loss": {"class_name": "CategoricalCrossentropy", "config": {"from_logits": "yes"}}}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.Contains("from_logits = \"yes\"", e.Message);
    }

    [Fact]
    public void FlattenImportsAsAView()
    {
        var model = KerasModelJson.Parse(
            """{"class_name": "Sequential", "config": {"layers": [{"class_name": "Flatten", "config": {"name": "f", "batch_input_shape": [null, 4, 3, 2], "data_format": "channels_last"}}]}}""",
            0,
            "s").Model;
        Assert.IsType<Flatten>(model.Layers[0]);
        Assert.Equal(new Shape(24), model.OutputShape);
    }

    [Theory]
    [InlineData("Conv2D", """{"filters": 8, "kernel_size": [3, 3], "groups": 2}""", "groups")]
    [InlineData("Conv2D", """{"filters": 8, "kernel_size": [3, 3], "data_format": "channels_middle"}""", "data_format")]
    [InlineData("Conv2D", """{"filters": 8, "kernel_size": [3, 3], "padding": "causal"}""", "padding")]
    [InlineData("Dense", """{"units": 3, "kernel_regularizer": "orthogonal"}""", "kernel_regularizer")]
    [InlineData("Dense", """{"units": 3, "activation": "crelu"}""", "activation")]
    [InlineData("Dropout", """{"rate": 0.5, "noise_shape": [null, 1]}""", "noise_shape")]
    [InlineData("BatchNormalization", """{"axis": [1, 2]}""", "axis")]
    public void UnsupportedOptionsAreNamed(string className, string config, string option)
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Model(className, config), 0, "'m.json'"));
        Assert.Contains($"({className}) sets {option} = ", e.Message);
    }

    [Fact]
    public void UnknownLayerClassesAreNamed()
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Model("ConvLSTM2D", """{"filters": 4}"""), 0, "'m.json'"));
        Assert.Contains("(ConvLSTM2D) is a Keras layer OneBatch does not read yet (the README lists those it does).", e.Message);
    }

    [Fact]
    public void AnInitializerOneBatchLacksIsRecordedNotFatal()
    {
        var imported = KerasModelJson.Parse(Model("Dense", """{"units": 3, "kernel_initializer": {"class_name": "Identity", "config": {"gain": 1.0}}}"""), 0, "s");
        Assert.Equal("layer 1 'x' (Dense) uses the kernel_initializer 'Identity'", Assert.Single(imported.UnsupportedInitializers));
    }

    [Theory]
    [InlineData("{not json", "is not valid JSON (line 1")]
    [InlineData("""{"hello": "world"}""", "is not a Keras model")]
    [InlineData("[1, 2, 3]", "is not a Keras model")]
    [InlineData("""{"class_name": "Functional", "config": {"layers": []}}""", "the model names no input_layers")]
    [InlineData("""{"class_name": "Sequential", "config": {"layers": [{"config": {}}]}}""", "layer 1 has no class_name")]
    [InlineData("""{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 4]}}, {"class_name": "Dense", "config": {"units": 0}}]}}""", "units that is not a positive whole number")]
    public void FilesThatAreNotUsableModelsSaySo(string json, string expected)
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.StartsWith("'m.json'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message);
    }

    private static string Model(string className, string config) =>
        "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"" + className + "\", \"config\": " + config.Insert(1, "\"name\": \"x\", ") + "}]}}";
}
