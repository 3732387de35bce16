using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// The noise and dropout variants, ActivityRegularization, RepeatVector and Permute as each Keras version writes them
/// (small models written for these tests): Dense -> GaussianNoise -> GaussianDropout -> RepeatVector(4) ->
/// SpatialDropout1D -> Permute([2, 1]) -> ActivityRegularization -> Flatten -> Dense softmax in Keras 3's, tf.keras 2's,
/// TensorFlow.js's and Keras 1's JSON; AlphaDropout and the 2-D and 3-D spatial dropouts; the settings refused.
/// </summary>
public sealed class KerasNoiseAndRearrangingJsonTests
{
    private const string Keras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 8, "activation": "tanh", "use_bias": true}, "registered_name": null},
          {"module": "keras.layers", "class_name": "GaussianNoise", "config": {"name": "gaussian_noise", "trainable": true, "stddev": 0.1, "seed": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "GaussianDropout", "config": {"name": "gaussian_dropout", "trainable": true, "rate": 0.2, "seed": 7}, "registered_name": null},
          {"module": "keras.layers", "class_name": "RepeatVector", "config": {"name": "repeat_vector", "trainable": true, "n": 4}, "registered_name": null},
          {"module": "keras.layers", "class_name": "SpatialDropout1D", "config": {"name": "spatial_dropout1d", "trainable": true, "rate": 0.3, "seed": null, "noise_shape": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Permute", "config": {"name": "permute", "trainable": true, "dims": [2, 1]}, "registered_name": null},
          {"module": "keras.layers", "class_name": "ActivityRegularization", "config": {"name": "activity_regularization", "trainable": true, "l1": 0.01, "l2": 0.0}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true}, "registered_name": null}
        ]}}
        """;

    private const string Keras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 8, "activation": "tanh", "use_bias": true}},
          {"class_name": "GaussianNoise", "config": {"name": "gaussian_noise", "trainable": true, "dtype": "float32", "stddev": 0.1, "seed": null}},
          {"class_name": "GaussianDropout", "config": {"name": "gaussian_dropout", "trainable": true, "dtype": "float32", "rate": 0.2, "seed": 7}},
          {"class_name": "RepeatVector", "config": {"name": "repeat_vector", "trainable": true, "dtype": "float32", "n": 4}},
          {"class_name": "SpatialDropout1D", "config": {"name": "spatial_dropout1d", "trainable": true, "dtype": "float32", "rate": 0.3, "noise_shape": null, "seed": null}},
          {"class_name": "Permute", "config": {"name": "permute", "trainable": true, "dtype": "float32", "dims": {"class_name": "__tuple__", "items": [2, 1]}}},
          {"class_name": "ActivityRegularization", "config": {"name": "activity_regularization", "trainable": true, "dtype": "float32", "l1": 0.01, "l2": 0.0}},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    private const string Tfjs = """
        {"format": "layers-model", "generatedBy": "TensorFlow.js tfjs-layers v4.17.0",
         "modelTopology": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
           {"class_name": "Dense", "config": {"units": 8, "activation": "tanh", "useBias": true, "name": "dense", "trainable": true, "batchInputShape": [null, 6]}},
           {"class_name": "GaussianNoise", "config": {"stddev": 0.1, "name": "gaussian_noise", "trainable": true}},
           {"class_name": "GaussianDropout", "config": {"rate": 0.2, "name": "gaussian_dropout", "trainable": true}},
           {"class_name": "RepeatVector", "config": {"n": 4, "name": "repeat_vector", "trainable": true}},
           {"class_name": "SpatialDropout1D", "config": {"rate": 0.3, "name": "spatial_dropout1d", "trainable": true}},
           {"class_name": "Permute", "config": {"dims": [2, 1], "name": "permute", "trainable": true}},
           {"class_name": "ActivityRegularization", "config": {"l1": 0.01, "l2": 0, "name": "activity_regularization", "trainable": true}},
           {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true}},
           {"class_name": "Dense", "config": {"units": 3, "activation": "softmax", "useBias": true, "name": "dense_1", "trainable": true}}
         ]}, "keras_version": "tfjs-layers 4.17.0", "backend": "tensor_flow.js"}}
        """;

    // Keras 1: GaussianNoise's sigma, GaussianDropout's and SpatialDropout1D's p.
    private const string Keras1 = """
        {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
          {"class_name": "Dense", "config": {"name": "dense", "output_dim": 8, "init": "glorot_uniform", "activation": "tanh", "bias": true, "input_dim": 6, "batch_input_shape": [null, 6]}},
          {"class_name": "GaussianNoise", "config": {"name": "gaussian_noise", "trainable": true, "sigma": 0.1}},
          {"class_name": "GaussianDropout", "config": {"name": "gaussian_dropout", "trainable": true, "p": 0.2}},
          {"class_name": "RepeatVector", "config": {"name": "repeat_vector", "trainable": true, "n": 4}},
          {"class_name": "SpatialDropout1D", "config": {"name": "spatial_dropout1d", "trainable": true, "p": 0.3}},
          {"class_name": "Permute", "config": {"name": "permute", "trainable": true, "dims": [2, 1]}},
          {"class_name": "ActivityRegularization", "config": {"name": "activity_regularization", "trainable": true, "l1": 0.01, "l2": 0.0}},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true}},
          {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 3, "init": "glorot_uniform", "activation": "softmax", "bias": true}}
        ]}
        """;

    public static TheoryData<string> Models => [Keras3, Keras2, Tfjs, Keras1];

    [Theory]
    [MemberData(nameof(Models))]
    public void ASequenceOfNoiseAndRearrangingLayersImportsInEveryDialectAndTrains(string json)
    {
        var model = KerasModelJson.Parse(json, seed: 3, "noise.json").Model;
        Assert.Equal(
            ["Dense", "GaussianNoise", "GaussianDropout", "RepeatVector", "SpatialDropout1D", "Permute", "ActivityRegularization", "Flatten", "Dense"],
            model.Layers.Select(l => l.ClassName));
        Assert.Equal(0.1f, Assert.IsType<GaussianNoise>(model.Layers[1]).Stddev);
        Assert.Equal(0.2f, Assert.IsType<GaussianDropout>(model.Layers[2]).Rate);
        Assert.Equal(4, Assert.IsType<RepeatVector>(model.Layers[3]).N);
        Assert.Equal(0.3f, Assert.IsType<SpatialDropout1D>(model.Layers[4]).Rate);
        Assert.Equal([2, 1], Assert.IsType<Permute>(model.Layers[5]).Dims);
        var regularization = Assert.IsType<ActivityRegularization>(model.Layers[6]);
        Assert.Equal((0.01f, 0f), (regularization.L1, regularization.L2));
        Assert.Equal(
            [new Shape(8), new Shape(8), new Shape(8), new Shape(4, 8), new Shape(4, 8), new Shape(8, 4), new Shape(8, 4), new Shape(32), new Shape(3)],
            model.Layers.Select(l => l.OutputShape!.Value));

        var x = new RandomGenerator(5).Uniform(new Shape(6, 6));
        var y = Tensor.FromArray([0f, 1f, 2f, 2f, 1f, 0f], 6);
        var report = SingleBatchCheck.Run(model, x, y, new SparseCategoricalCrossentropy(), new Adam(0.01f));
        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
        Assert.Contains(
            report.Notes,
            n => n.Contains("act only in training", StringComparison.Ordinal) && n.Contains("'gaussian_noise' (GaussianNoise)", StringComparison.Ordinal)
                && n.Contains("'spatial_dropout1d' (SpatialDropout1D)", StringComparison.Ordinal));
    }

    [Fact]
    public void AlphaDropoutAndTheSpatialDropoutsOfImagesAndVolumesAreRead()
    {
        const string keras2 = """
            {"class_name": "Functional", "config": {"name": "f", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 2], "name": "images"}, "name": "images", "inbound_nodes": []},
              {"class_name": "SpatialDropout2D", "config": {"name": "sd2", "rate": 0.25, "data_format": "channels_last", "seed": 4}, "name": "sd2", "inbound_nodes": [[["images", 0, 0, {}]]]},
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2, 3, 3, 2], "name": "volumes"}, "name": "volumes", "inbound_nodes": []},
              {"class_name": "SpatialDropout3D", "config": {"name": "sd3", "rate": 0.5, "data_format": "channels_last"}, "name": "sd3", "inbound_nodes": [[["volumes", 0, 0, {}]]]},
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5], "name": "vectors"}, "name": "vectors", "inbound_nodes": []},
              {"class_name": "AlphaDropout", "config": {"name": "ad", "rate": 0.1, "noise_shape": null, "seed": null}, "name": "ad", "inbound_nodes": [[["vectors", 0, 0, {}]]]}
            ], "input_layers": [["images", 0, 0], ["volumes", 0, 0], ["vectors", 0, 0]], "output_layers": [["sd2", 0, 0], ["sd3", 0, 0], ["ad", 0, 0]]},
             "keras_version": "2.15.0"}
            """;
        var model = KerasModelJson.Parse(keras2, seed: 0, "f").Model;
        Assert.Equal(0.25f, model.Layers.OfType<SpatialDropout2D>().Single().Rate);
        Assert.Equal(0.5f, model.Layers.OfType<SpatialDropout3D>().Single().Rate);
        Assert.Equal(0.1f, model.Layers.OfType<AlphaDropout>().Single().Rate);
        Assert.All(model.Layers.Where(l => l is not InputLayer), l => Assert.True(l.ActsOnlyInTraining));

        // Keras 1: SpatialDropout2D's p and dim_ordering.
        const string keras1 = """
            {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
              {"class_name": "SpatialDropout2D", "config": {"name": "sd", "p": 0.2, "dim_ordering": "tf", "batch_input_shape": [null, 4, 4, 2]}}
            ]}
            """;
        Assert.Equal(0.2f, Assert.IsType<SpatialDropout2D>(KerasModelJson.Parse(keras1, seed: 0, "k1").Model.Layers[0]).Rate);
    }

    [Theory]
    [InlineData("SpatialDropout2D", "\"rate\": 0.1, \"data_format\": \"channels_first\"", "sets data_format = channels_first, which OneBatch does not support")]
    [InlineData("SpatialDropout2D", "\"p\": 0.1, \"dim_ordering\": \"th\"", "sets dim_ordering = th, which OneBatch does not support")]
    [InlineData("SpatialDropout1D", "\"rate\": 0.1", "expects sequences [steps, channels]; got per-sample input shape [4, 4, 2]")]
    [InlineData("AlphaDropout", "\"rate\": 0.1, \"noise_shape\": [null, 1, 1, 2]", "sets noise_shape = [null, 1, 1, 2], which OneBatch does not support")]
    [InlineData("GaussianDropout", "\"rate\": 1.0", "cannot be built: GaussianDropout 'bad' needs a rate in [0, 1); got 1")]
    [InlineData("GaussianNoise", "\"stddev\": -0.5", "cannot be built: GaussianNoise 'bad' needs a finite stddev of at least 0; got -0.5")]
    [InlineData("ActivityRegularization", "\"l1\": -1.0", "cannot be built: ActivityRegularization 'bad' needs finite l1 and l2 of at least 0")]
    [InlineData("Permute", "\"dims\": [1, 3]", "cannot be built: Permute 'bad' needs dims that reorder the sample axes 1..n")]
    [InlineData("Permute", "\"dims\": [2, 1]", "expects samples of rank 2, one axis for each of dims [2, 1]; got per-sample input shape [4, 4, 2]")]
    [InlineData("Permute", "\"name2\": 1", "has a dims that is not a list of axes")]
    [InlineData("RepeatVector", "\"n\": 0", "cannot be built: RepeatVector 'bad' needs a positive count n; got 0")]
    [InlineData("RepeatVector", "\"n\": 3", "expects vectors [features] (rank 1 per sample); got per-sample input shape [4, 4, 2]")]
    public void SettingsOneBatchCannotHonourAreRefusedNamingTheLayerAndKey(string className, string settings, string expected)
    {
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 2], "name": "in"}},
              {"class_name": "{{{className}}}", "config": {"name": "bad", {{{settings}}}}}
            ]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, seed: 0, "m.json"));
        Assert.StartsWith("m.json: ", e.Message);
        Assert.Contains($"'bad' ({className})", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
