using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>Text and sequence layers as each Keras version writes them (small models written for these tests).</summary>
public sealed class KerasSequenceJsonTests
{
    [Fact]
    public void ATfKeras2TaggerWithEmbeddingAndTimeDistributedImports()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "tagger", "layers": [
              {"class_name": "Embedding", "config": {"name": "embed", "trainable": true, "batch_input_shape": [null, 6], "dtype": "float32", "input_dim": 20, "output_dim": 4,
                "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
                "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": true, "input_length": 6}},
              {"class_name": "TimeDistributed", "config": {"name": "per_step", "trainable": true,
                "layer": {"class_name": "Dense", "config": {"name": "tag", "units": 3, "activation": "softmax", "use_bias": true}}}}
            ]}, "keras_version": "2.11.0", "backend": "tensorflow"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(new Shape(6), model.InputShape);
        Assert.Equal(new Shape(6, 3), model.OutputShape);
        var embedding = Assert.IsType<Embedding>(model.Layers[0]);
        Assert.True(embedding.MaskZero);
        var wrapper = Assert.IsType<TimeDistributed>(model.Layers[1]);
        Assert.Equal("softmax", wrapper.OutputActivation!.Name);
        Assert.Equal(20 * 4 + 4 * 3 + 3, model.CountParams());
    }

    [Fact]
    public void AKeras1EmbeddingTakesItsLengthAndInitializerFromKeras1Keys()
    {
        const string json = """
            {"class_name": "Sequential", "config": [
              {"class_name": "Embedding", "config": {"name": "embedding_1", "input_dim": 50, "output_dim": 8, "init": "uniform", "input_length": 12, "mask_zero": false, "W_regularizer": null, "dropout": 0.0}},
              {"class_name": "Flatten", "config": {"name": "flatten_1"}},
              {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 1, "init": "glorot_uniform", "activation": "sigmoid", "W_regularizer": null, "bias": true}}
            ], "keras_version": "1.2.2"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(new Shape(12), model.InputShape);
        Assert.Equal(new Shape(1), model.OutputShape);
    }

    [Fact]
    public void AKeras3MaskingLayerImports()
    {
        const string json = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 2], "dtype": "float32", "name": "in"}},
              {"module": "keras.layers", "class_name": "Masking", "config": {"name": "masking", "trainable": true, "mask_value": -1.0}},
              {"module": "keras.layers", "class_name": "TimeDistributed", "config": {"name": "td", "trainable": true,
                "layer": {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 1}}}}
            ]}}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(-1f, Assert.IsType<Masking>(model.Layers[0]).MaskValue);
        Assert.Equal(new Shape(5, 1), model.OutputShape);
    }

    [Fact]
    public void AWrappedLayerOneBatchCannotHonourIsNamedThroughItsWrapper()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "TimeDistributed", "config": {"name": "td", "batch_input_shape": [null, 4, 3],
                "layer": {"class_name": "Dense", "config": {"name": "d", "units": 2, "kernel_regularizer": {"class_name": "OrthogonalRegularizer", "config": {"factor": 0.1}}}}}}
            ]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.Contains("layer 1 'td' (TimeDistributed), its layer 'd' (Dense) sets kernel_regularizer to the regularizer OrthogonalRegularizer", e.Message);
    }
}
