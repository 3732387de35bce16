using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// The 1-D convolution, pooling and reshaping layers as each Keras version writes them (small models written for
/// these tests): a text classifier Embedding -> Conv1D -> MaxPooling1D -> GlobalMaxPooling1D -> Dense in tf.keras 2's,
/// Keras 3's, the TensorFlow.js converter's and Keras 1's JSON, every other layer and alias, and the settings refused.
/// </summary>
public sealed class KerasSequenceLayersJsonTests
{
    private const string TextKeras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 20], "dtype": "float32", "sparse": false, "ragged": false, "name": "embedding_input"}},
          {"class_name": "Embedding", "config": {"name": "embedding", "trainable": true, "dtype": "float32", "batch_input_shape": [null, 20], "input_dim": 50, "output_dim": 8,
            "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
            "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": false, "input_length": 20}},
          {"class_name": "Conv1D", "config": {"name": "conv1d", "trainable": true, "dtype": "float32", "filters": 16, "kernel_size": [3], "strides": [1],
            "padding": "valid", "data_format": "channels_last", "dilation_rate": [1], "groups": 1, "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "MaxPooling1D", "config": {"name": "max_pooling1d", "trainable": true, "dtype": "float32", "strides": [2], "pool_size": [2], "padding": "valid", "data_format": "channels_last"}},
          {"class_name": "GlobalMaxPooling1D", "config": {"name": "global_max_pooling1d", "trainable": true, "dtype": "float32", "data_format": "channels_last", "keepdims": false}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    internal const string TextKeras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 20], "dtype": "int32", "sparse": false, "name": "input_layer"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embedding", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "input_dim": 50, "output_dim": 8,
              "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform", "config": {"seed": null, "minval": -0.05, "maxval": 0.05}, "registered_name": null},
              "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": false},
              "registered_name": null, "build_config": {"input_shape": [null, 20]}},
            {"module": "keras.layers", "class_name": "Conv1D", "config": {"name": "conv1d", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "filters": 16, "kernel_size": [3], "strides": [1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1], "groups": 1,
              "activation": "relu", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
              "registered_name": null, "build_config": {"input_shape": [null, 20, 8]}},
            {"module": "keras.layers", "class_name": "MaxPooling1D", "config": {"name": "max_pooling1d", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "pool_size": [2], "padding": "valid", "strides": [2], "data_format": "channels_last"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "GlobalMaxPooling1D", "config": {"name": "global_max_pooling1d", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "data_format": "channels_last", "keepdims": false}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}},
              "registered_name": null, "build_config": {"input_shape": [null, 16]}}
          ], "build_input_shape": [null, 20]},
          "registered_name": null, "build_config": {"input_shape": [null, 20]},
          "compile_config": {"optimizer": "adam", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "loss_weights": null}}
        """;

    private const string TextTfjs = """
        {"format": "layers-model", "generatedBy": "keras v2.15.0", "convertedBy": "TensorFlow.js Converter v4.17.0",
         "modelTopology": {"keras_version": "2.15.0", "backend": "tensorflow",
          "model_config": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
            {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 20], "dtype": "float32", "sparse": false, "ragged": false, "name": "embedding_input"}},
            {"class_name": "Embedding", "config": {"name": "embedding", "trainable": true, "dtype": "float32", "batch_input_shape": [null, 20], "input_dim": 50, "output_dim": 8,
              "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}}, "mask_zero": false, "input_length": 20}},
            {"class_name": "Conv1D", "config": {"name": "conv1d", "trainable": true, "dtype": "float32", "filters": 16, "kernel_size": [3], "strides": [1],
              "padding": "valid", "data_format": "channels_last", "dilation_rate": [1], "groups": 1, "activation": "relu", "use_bias": true,
              "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}},
            {"class_name": "MaxPooling1D", "config": {"name": "max_pooling1d", "trainable": true, "dtype": "float32", "strides": [2], "pool_size": [2], "padding": "valid", "data_format": "channels_last"}},
            {"class_name": "GlobalMaxPooling1D", "config": {"name": "global_max_pooling1d", "trainable": true, "dtype": "float32", "data_format": "channels_last", "keepdims": false}},
            {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true}}
          ]}},
          "training_config": {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}}}},
         "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [{"name": "embedding/embeddings", "shape": [50, 8], "dtype": "float32"}]}]}
        """;

    // Keras 1: a list config, Convolution1D's nb_filter / filter_length / border_mode / subsample_length and
    // MaxPooling1D's pool_length / stride / border_mode.
    private const string TextKeras1 = """
        {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
          {"class_name": "Embedding", "config": {"input_dtype": "int32", "trainable": true, "name": "embedding", "activity_regularizer": null, "W_constraint": null,
            "init": "uniform", "input_dim": 50, "mask_zero": false, "batch_input_shape": [null, 20], "W_regularizer": null, "dropout": 0.0, "output_dim": 8, "input_length": 20}},
          {"class_name": "Convolution1D", "config": {"trainable": true, "name": "conv1d", "activity_regularizer": null, "W_constraint": null, "b_constraint": null,
            "init": "glorot_uniform", "activation": "relu", "nb_filter": 16, "filter_length": 3, "border_mode": "valid", "subsample_length": 1,
            "W_regularizer": null, "b_regularizer": null, "bias": true, "input_dim": null, "input_length": null}},
          {"class_name": "MaxPooling1D", "config": {"trainable": true, "name": "max_pooling1d", "pool_length": 2, "stride": null, "border_mode": "valid"}},
          {"class_name": "GlobalMaxPooling1D", "config": {"trainable": true, "name": "global_max_pooling1d"}},
          {"class_name": "Dense", "config": {"name": "dense", "output_dim": 3, "init": "glorot_uniform", "activation": "softmax", "W_regularizer": null, "bias": true, "input_dim": null}}
        ]}
        """;

    public static TheoryData<string, string> TextModels => new()
    {
        { TextKeras2, "tf.keras 2" },
        { TextKeras3, "Keras 3" },
        { TextTfjs, "TensorFlow.js" },
        { TextKeras1, "tf.keras 2" },
    };

    [Theory]
    [MemberData(nameof(TextModels))]
    public void ATextClassifierImportsAsTheSameModelInEveryDialectAndTrains(string json, string format)
    {
        var imported = KerasModelJson.Parse(json, seed: 7, "text.json");
        Assert.Equal(format, imported.Format);
        var model = imported.Model;
        Assert.Equal(["Embedding", "Conv1D", "MaxPooling1D", "GlobalMaxPooling1D", "Dense"], model.Layers.Select(l => l.ClassName));
        Assert.Equal(["embedding", "conv1d", "max_pooling1d", "global_max_pooling1d", "dense"], model.Layers.Select(l => l.Name));
        Assert.Equal([new Shape(20, 8), new Shape(18, 16), new Shape(9, 16), new Shape(16), new Shape(3)], model.Layers.Select(l => l.OutputShape!.Value));
        var conv = Assert.IsType<Conv1D>(model.Layers[1]);
        Assert.Equal((16, 3, 1, 1, Padding.Valid, "relu"), (conv.Filters, conv.KernelSize, conv.Strides, conv.DilationRate, conv.Padding, conv.Activation.Name));
        var pool = Assert.IsType<MaxPooling1D>(model.Layers[2]);
        Assert.Equal((2, 2, Padding.Valid), (pool.PoolSize, pool.Strides, pool.Padding));
        Assert.Equal(400 + ((3 * 8 * 16) + 16) + ((16 * 3) + 3), model.CountParams());

        // The same layers built in C# from the same seed have the same weights and give the same outputs.
        var expected = new Sequential(
        [
            new Embedding(50, 8, inputShape: [20], name: "embedding"),
            new Conv1D(16, 3, activation: "relu", name: "conv1d"),
            new MaxPooling1D(2, name: "max_pooling1d"),
            new GlobalMaxPooling1D(name: "global_max_pooling1d"),
            new Dense(3, activation: "softmax", name: "dense"),
        ], seed: 7);
        Assert.Equal(expected.GetWeights(), model.GetWeights());
        var (ids, labels) = Batch();
        Assert.Equal(expected.Apply(ids).ToArray(), model.Apply(ids).ToArray());

        var report = SingleBatchCheck.Run(model, ids, labels, new SparseCategoricalCrossentropy(), new Adam(0.01f));
        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void EveryOtherLayerAndAliasIsReadWithItsSettings()
    {
        // Keras 3: Convolution1D (the alias) causal and dilated -> AvgPool1D same -> ZeroPadding1D -> Cropping1D
        // -> UpSampling1D -> MaxPool1D -> GlobalAvgPool1D keeping its axis -> GlobalMaxPool1D -> Dense.
        const string json = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 12, 4], "dtype": "float32", "name": "in"}},
              {"module": "keras.layers", "class_name": "Convolution1D", "config": {"name": "c", "filters": 6, "kernel_size": [3], "strides": [1], "padding": "causal",
                "data_format": "channels_last", "dilation_rate": [2], "groups": 1, "activation": "tanh", "use_bias": false}},
              {"module": "keras.layers", "class_name": "AvgPool1D", "config": {"name": "a", "pool_size": [3], "padding": "same", "strides": [1], "data_format": "channels_last"}},
              {"module": "keras.layers", "class_name": "ZeroPadding1D", "config": {"name": "z", "padding": [1, 2], "data_format": "channels_last"}},
              {"module": "keras.layers", "class_name": "Cropping1D", "config": {"name": "k", "cropping": [2, 0]}},
              {"module": "keras.layers", "class_name": "UpSampling1D", "config": {"name": "u", "size": 3}},
              {"module": "keras.layers", "class_name": "MaxPool1D", "config": {"name": "m", "pool_size": 4, "padding": "valid", "strides": null}},
              {"module": "keras.layers", "class_name": "GlobalAvgPool1D", "config": {"name": "g", "data_format": "channels_last", "keepdims": true}},
              {"module": "keras.layers", "class_name": "GlobalMaxPool1D", "config": {"name": "h", "data_format": "channels_last", "keepdims": false}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}
            ]}}
            """;
        var model = KerasModelJson.Parse(json, seed: 1, "s").Model;
        Assert.Equal(
            ["Conv1D", "AveragePooling1D", "ZeroPadding1D", "Cropping1D", "UpSampling1D", "MaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "Dense"],
            model.Layers.Select(l => l.ClassName));
        var conv = Assert.IsType<Conv1D>(model.Layers[0]);
        Assert.Equal((6, 3, 2, Padding.Causal, "tanh", false), (conv.Filters, conv.KernelSize, conv.DilationRate, conv.Padding, conv.Activation.Name, conv.UseBias));
        var avg = Assert.IsType<AveragePooling1D>(model.Layers[1]);
        Assert.Equal((3, 1, Padding.Same), (avg.PoolSize, avg.Strides, avg.Padding));
        Assert.Equal((1, 2), Assert.IsType<ZeroPadding1D>(model.Layers[2]).Padding);
        Assert.Equal((2, 0), Assert.IsType<Cropping1D>(model.Layers[3]).Cropping);
        Assert.Equal(3, Assert.IsType<UpSampling1D>(model.Layers[4]).Size);
        Assert.Equal((4, 4), (Assert.IsType<MaxPooling1D>(model.Layers[5]).PoolSize, ((MaxPooling1D)model.Layers[5]).Strides));
        Assert.True(Assert.IsType<GlobalAveragePooling1D>(model.Layers[6]).KeepDims);
        Assert.False(Assert.IsType<GlobalMaxPooling1D>(model.Layers[7]).KeepDims);

        // 12 -> 12 -> 12 -> 15 -> 13 -> 39 -> 9 -> [1, 6] -> [6] -> [2]
        Assert.Equal(
            [new Shape(12, 6), new Shape(12, 6), new Shape(15, 6), new Shape(13, 6), new Shape(39, 6), new Shape(9, 6), new Shape(1, 6), new Shape(6), new Shape(2)],
            model.Layers.Select(l => l.OutputShape!.Value));
    }

    [Fact]
    public void TensorFlowJsCamelCaseKeysAndKeras1SpellingsAreRead()
    {
        const string camel = """
            {"modelTopology": {"className": "Sequential", "config": {"name": "t", "layers": [
              {"className": "Conv1D", "config": {"filters": 4, "kernelSize": 5, "strides": 1, "padding": "same", "dilationRate": 3, "dataFormat": "channels_last",
                "useBias": true, "batchInputShape": [null, 16, 2], "name": "c"}},
              {"className": "AveragePooling1D", "config": {"poolSize": [2], "strides": [2], "padding": "valid", "name": "p"}},
              {"className": "GlobalAveragePooling1D", "config": {"dataFormat": "channels_last", "name": "g"}}
            ]}}}
            """;
        var model = KerasModelJson.Parse(camel, seed: 0, "t").Model;
        var conv = Assert.IsType<Conv1D>(model.Layers[0]);
        Assert.Equal((4, 5, 3, Padding.Same), (conv.Filters, conv.KernelSize, conv.DilationRate, conv.Padding));
        Assert.Equal(new Shape(4), model.OutputShape);

        const string keras1 = """
            {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
              {"class_name": "Convolution1D", "config": {"name": "c", "nb_filter": 3, "filter_length": 2, "border_mode": "same", "subsample_length": 2,
                "batch_input_shape": [null, 9, 2], "bias": false}},
              {"class_name": "AveragePooling1D", "config": {"name": "a", "pool_length": 3, "stride": 1, "border_mode": "same"}},
              {"class_name": "UpSampling1D", "config": {"name": "u", "length": 2}},
              {"class_name": "ZeroPadding1D", "config": {"name": "z", "padding": 2}},
              {"class_name": "Cropping1D", "config": {"name": "k", "cropping": [1, 1]}},
              {"class_name": "GlobalAveragePooling1D", "config": {"name": "g"}}
            ]}
            """;
        model = KerasModelJson.Parse(keras1, seed: 0, "k1").Model;
        conv = Assert.IsType<Conv1D>(model.Layers[0]);
        Assert.Equal((3, 2, 2, Padding.Same, false), (conv.Filters, conv.KernelSize, conv.Strides, conv.Padding, conv.UseBias));
        var avg = Assert.IsType<AveragePooling1D>(model.Layers[1]);
        Assert.Equal((3, 1, Padding.Same), (avg.PoolSize, avg.Strides, avg.Padding));
        Assert.Equal(2, ((UpSampling1D)model.Layers[2]).Size);
        Assert.Equal((2, 2), ((ZeroPadding1D)model.Layers[3]).Padding);

        // 9 -> 5 -> 5 -> 10 -> 14 -> 12 -> [3]
        Assert.Equal([new Shape(5, 3), new Shape(5, 3), new Shape(10, 3), new Shape(14, 3), new Shape(12, 3), new Shape(3)], model.Layers.Select(l => l.OutputShape!.Value));
    }

    [Theory]
    [InlineData("Conv1D", "\"filters\": 4, \"kernel_size\": [3], \"data_format\": \"channels_first\"", "sets data_format = channels_first, which OneBatch does not support")]
    [InlineData("Conv1D", "\"filters\": 4, \"kernel_size\": [3], \"groups\": 2", "sets groups = 2, which OneBatch does not support")]
    [InlineData("Conv1D", "\"filters\": 4, \"kernel_size\": [3], \"kernel_constraint\": \"radial\"", "sets kernel_constraint = 'radial', which OneBatch does not support")]
    [InlineData("Conv1D", "\"filters\": 4, \"kernel_size\": [3], \"strides\": [2], \"dilation_rate\": [2]", "cannot be built: Conv1D cannot combine strides > 1 with dilation_rate > 1")]
    [InlineData("Conv1D", "\"filters\": 0, \"kernel_size\": [3]", "has a filters that is not a positive whole number")]
    [InlineData("Conv1D", "\"filters\": 4, \"kernel_size\": [3], \"padding\": \"full\"", "sets padding = full, which OneBatch does not support")]
    [InlineData("Convolution1D", "\"nb_filter\": 4, \"filter_length\": 3, \"border_mode\": \"full\"", "sets border_mode = full, which OneBatch does not support")]
    [InlineData("MaxPooling1D", "\"pool_size\": [2], \"data_format\": \"channels_first\"", "sets data_format = channels_first")]
    [InlineData("MaxPool1D", "\"pool_size\": [2], \"padding\": \"causal\"", "sets padding = causal, which OneBatch does not support")]
    [InlineData("AveragePooling1D", "\"pool_size\": [9]", "expects sequences of at least 9 steps for its 9-step pool with valid padding")]
    [InlineData("GlobalAveragePooling1D", "\"data_format\": \"channels_first\"", "sets data_format = channels_first")]
    [InlineData("GlobalMaxPool1D", "\"data_format\": \"channels_first\"", "sets data_format = channels_first")]
    [InlineData("ZeroPadding1D", "\"padding\": [1, 1], \"data_format\": \"channels_first\"", "sets data_format = channels_first")]
    [InlineData("ZeroPadding1D", "\"padding\": [1, 2, 3]", "has a padding that is not a list of 2 whole numbers")]
    [InlineData("Cropping1D", "\"cropping\": [4, 4]", "expects sequences longer than the 4 + 4 steps it crops")]
    [InlineData("UpSampling1D", "\"size\": 0", "UpSampling1D needs a positive size; got 0")]
    public void SettingsOneBatchCannotHonourAreRefusedNamingTheLayerAndKey(string className, string settings, string expected)
    {
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 2], "name": "in"}},
              {"class_name": "{{{className}}}", "config": {"name": "bad", {{{settings}}}}}
            ]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, seed: 0, "m.json"));
        Assert.StartsWith("m.json: ", e.Message);
        Assert.Contains($"'bad' ({className})", e.Message);
        Assert.Contains(expected, e.Message);
    }

    // Eight sequences of 20 token ids in [1, 50), three classes.
    private static (Tensor Ids, Tensor Labels) Batch()
    {
        var random = new RandomGenerator(11);
        var ids = new Tensor(new Shape(8, 20));
        foreach (ref float id in ids.Span)
        {
            id = 1 + (int)(random.NextFloat() * 49);
        }

        return (ids, Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f, 0f, 1f], 8));
    }
}
