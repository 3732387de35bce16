using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>LayerNormalization in model files as tf.keras 2, Keras 3 and TensorFlow.js write it (small models written for these tests).</summary>
public sealed class KerasLayerNormalizationJsonTests
{
    private const string Keras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "in"}},
          {"class_name": "LayerNormalization", "config": {"name": "norm", "trainable": true, "dtype": "float32", "axis": [1, 2], "epsilon": 0.01, "center": true, "scale": false,
             "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}},
             "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null}}
         ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    private const string Keras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "dtype": "float32", "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3, 4], "dtype": "float32", "sparse": false, "name": "in"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "LayerNormalization", "config": {"name": "norm", "trainable": true, "dtype": "float32", "axis": [-2, -1], "epsilon": 0.01,
             "center": true, "scale": false, "rms_scaling": false,
             "beta_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
             "gamma_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": null},
             "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null},
           "registered_name": null, "build_config": {"input_shape": [null, 3, 4]}}
         ], "build_input_shape": [null, 3, 4]}, "registered_name": null}
        """;

    private const string TensorFlowJs = """
        {"format": "layers-model", "generatedBy": "TensorFlow.js tfjs-layers v4.22.0", "convertedBy": null,
         "modelTopology": {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
          {"class_name": "LayerNormalization", "config": {"axis": [1, 2], "epsilon": 0.01, "center": true, "scale": false,
             "betaInitializer": {"class_name": "Zeros", "config": {}}, "gammaInitializer": {"class_name": "Ones", "config": {}},
             "betaRegularizer": null, "gammaRegularizer": null, "name": "norm", "trainable": true, "batchInputShape": [null, 3, 4], "dtype": "float32"}}
         ]}, "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"}, "weightsManifest": []}
        """;

    [Theory]
    [InlineData(Keras2, "tf.keras 2")]
    [InlineData(Keras3, "Keras 3")]
    [InlineData(TensorFlowJs, "TensorFlow.js")]
    public void EveryDialectGivesTheSameLayer(string json, string format)
    {
        var imported = KerasModelJson.Parse(json, seed: 0, "s");
        Assert.Equal(format, imported.Format);
        var norm = Assert.IsType<LayerNormalization>(imported.Model.AllLayers().Single());
        Assert.Equal(0.01f, norm.Epsilon);
        Assert.True(norm.Center);
        Assert.False(norm.Scale);
        Assert.Equal(["norm/beta [3, 4]"], imported.Model.Weights.Select(w => $"{w.Name} {w.Shape}"));

        // Over the whole sample: [0..11] has mean 5.5 and variance 143/12.
        var y = imported.Model.Apply(Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => (float)i)], 1, 3, 4)).ToArray();
        double s = 1 / Math.Sqrt((143.0 / 12) + 0.01);
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal((i - 5.5) * s, y[i], 5);
        }
    }

    [Fact]
    public void RmsScalingIsRefused()
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Keras3.Replace("\"rms_scaling\": false", "\"rms_scaling\": true", StringComparison.Ordinal), 0, "'m.json'"));
        Assert.Equal("'m.json': layer 2 'norm' (LayerNormalization) sets rms_scaling = true, which OneBatch does not support.", e.Message);
    }

    [Fact]
    public void AnAxisOutsideTheSampleIsNamed()
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Keras2.Replace("\"axis\": [1, 2]", "\"axis\": [3]", StringComparison.Ordinal), 0, "'m.json'"));
        Assert.Contains("'norm' (LayerNormalization) expects axes within a sample of rank 2", e.Message);
        e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Keras2.Replace("\"axis\": [1, 2]", "\"axis\": [0]", StringComparison.Ordinal), 0, "'m.json'"));
        Assert.Contains("layer 2 'norm' (LayerNormalization) cannot be built: LayerNormalization normalizes within each sample, so axis 0 (the batch axis) cannot be one of its axes.", e.Message);
    }
}
