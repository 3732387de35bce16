using OneBatch.Activations;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// The activation layers and names as each Keras version writes them (small models written for these tests): an MLP
/// Dense -> LeakyReLU(0.1) -> Dense -> PReLU -> Dense -> ELU(0.5) -> Dense softmax in Keras 3's, tf.keras 2's,
/// TensorFlow.js's and Keras 1's JSON; ReLU, Softmax and ThresholdedReLU with their settings; every activation name,
/// and hard_sigmoid's two meanings.
/// </summary>
public sealed class KerasActivationLayersJsonTests
{
    private const string MlpKeras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 8, "activation": "linear", "use_bias": true},
              "registered_name": null, "build_config": {"input_shape": [null, 5]}},
            {"module": "keras.layers", "class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "negative_slope": 0.1},
              "registered_name": null, "build_config": {"input_shape": [null, 8]}},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "units": 8, "activation": "linear", "use_bias": true},
              "registered_name": null, "build_config": {"input_shape": [null, 8]}},
            {"module": "keras.layers", "class_name": "PReLU", "config": {"name": "p_re_lu", "trainable": true,
              "alpha_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "alpha_regularizer": null, "alpha_constraint": null, "shared_axes": null}, "registered_name": null, "build_config": {"input_shape": [null, 8]}},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "units": 8, "activation": "linear", "use_bias": true},
              "registered_name": null, "build_config": {"input_shape": [null, 8]}},
            {"module": "keras.layers", "class_name": "ELU", "config": {"name": "elu", "trainable": true, "alpha": 0.5}, "registered_name": null, "build_config": {"input_shape": [null, 8]}},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_3", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true},
              "registered_name": null, "build_config": {"input_shape": [null, 8]}}
          ], "build_input_shape": [null, 5]},
          "registered_name": null, "build_config": {"input_shape": [null, 5]}}
        """;

    private const string MlpKeras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 8, "activation": "linear", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": "float32", "alpha": 0.10000000149011612}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 8, "activation": "linear", "use_bias": true}},
          {"class_name": "PReLU", "config": {"name": "p_re_lu", "trainable": true, "dtype": "float32", "alpha_initializer": {"class_name": "Zeros", "config": {}},
            "alpha_regularizer": null, "alpha_constraint": null, "shared_axes": null}},
          {"class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "dtype": "float32", "units": 8, "activation": "linear", "use_bias": true}},
          {"class_name": "ELU", "config": {"name": "elu", "trainable": true, "dtype": "float32", "alpha": 0.5}},
          {"class_name": "Dense", "config": {"name": "dense_3", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    private const string MlpTfjs = """
        {"format": "layers-model", "generatedBy": "TensorFlow.js tfjs-layers v4.17.0", "convertedBy": null,
         "modelTopology": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
           {"class_name": "Dense", "config": {"units": 8, "activation": "linear", "useBias": true, "name": "dense", "trainable": true, "batchInputShape": [null, 5], "dtype": "float32"}},
           {"class_name": "LeakyReLU", "config": {"alpha": 0.1, "name": "leaky_re_lu", "trainable": true}},
           {"class_name": "Dense", "config": {"units": 8, "activation": "linear", "useBias": true, "name": "dense_1", "trainable": true}},
           {"class_name": "PReLU", "config": {"alphaInitializer": {"class_name": "Zeros", "config": {}}, "alphaRegularizer": null, "alphaConstraint": null, "sharedAxes": null,
             "name": "p_re_lu", "trainable": true}},
           {"class_name": "Dense", "config": {"units": 8, "activation": "linear", "useBias": true, "name": "dense_2", "trainable": true}},
           {"class_name": "ELU", "config": {"alpha": 0.5, "name": "elu", "trainable": true}},
           {"class_name": "Dense", "config": {"units": 3, "activation": "softmax", "useBias": true, "name": "dense_3", "trainable": true}}
         ]}, "keras_version": "tfjs-layers 4.17.0", "backend": "tensor_flow.js"}}
        """;

    // Keras 1: PReLU's alpha initializer is init.
    private const string MlpKeras1 = """
        {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
          {"class_name": "Dense", "config": {"name": "dense", "output_dim": 8, "init": "glorot_uniform", "activation": "linear", "W_regularizer": null, "bias": true,
            "input_dim": 5, "batch_input_shape": [null, 5]}},
          {"class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "alpha": 0.1}},
          {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 8, "init": "glorot_uniform", "activation": "linear", "bias": true}},
          {"class_name": "PReLU", "config": {"name": "p_re_lu", "trainable": true, "init": "zero"}},
          {"class_name": "Dense", "config": {"name": "dense_2", "output_dim": 8, "init": "glorot_uniform", "activation": "linear", "bias": true}},
          {"class_name": "ELU", "config": {"name": "elu", "trainable": true, "alpha": 0.5}},
          {"class_name": "Dense", "config": {"name": "dense_3", "output_dim": 3, "init": "glorot_uniform", "activation": "softmax", "bias": true}}
        ]}
        """;

    public static TheoryData<string> Mlps => [MlpKeras3, MlpKeras2, MlpTfjs, MlpKeras1];

    [Theory]
    [MemberData(nameof(Mlps))]
    public void AnMlpOfActivationLayersImportsAsTheSameModelInEveryDialectAndTrains(string json)
    {
        var model = KerasModelJson.Parse(json, seed: 5, "mlp.json").Model;
        Assert.Equal(["Dense", "LeakyReLU", "Dense", "PReLU", "Dense", "ELU", "Dense"], model.Layers.Select(l => l.ClassName));
        Assert.Equal(0.1f, Assert.IsType<LeakyReLU>(model.Layers[1]).NegativeSlope, 6);
        var prelu = Assert.IsType<PReLU>(model.Layers[3]);
        Assert.Empty(prelu.SharedAxes);
        Assert.Equal(new Shape(8), prelu.Alpha!.Shape);
        Assert.Equal(0.5f, Assert.IsType<ELU>(model.Layers[5]).Alpha);

        var expected = new Sequential(
        [
            new Dense(8, inputShape: [5], name: "dense"),
            new LeakyReLU(0.1f, name: "leaky_re_lu"),
            new Dense(8, name: "dense_1"),
            new PReLU(name: "p_re_lu"),
            new Dense(8, name: "dense_2"),
            new ELU(0.5f, name: "elu"),
            new Dense(3, activation: "softmax", name: "dense_3"),
        ], seed: 5);
        Assert.Equal(expected.GetWeights(), model.GetWeights());
        var x = new RandomGenerator(2).Uniform(new Shape(6, 5));
        Assert.Equal(expected.Apply(x).ToArray(), model.Apply(x).ToArray());

        var y = Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f], 6);
        var report = SingleBatchCheck.Run(model, x, y, new SparseCategoricalCrossentropy(), new Adam(0.01f));
        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
    }

    [Fact]
    public void ReLUSoftmaxThresholdedReLUAndSharedAxesAreReadWithTheirSettings()
    {
        // tf.keras 2: images [4, 4, 2] -> PReLU shared over height and width -> ReLU(6, slope 0.1, threshold 0.5)
        // -> ThresholdedReLU(0.2) -> Softmax over the channels.
        const string keras2 = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 2], "dtype": "float32", "name": "in"}},
              {"class_name": "PReLU", "config": {"name": "p", "alpha_initializer": {"class_name": "Constant", "config": {"value": 0.25}}, "shared_axes": [1, 2]}},
              {"class_name": "ReLU", "config": {"name": "r", "max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5}},
              {"class_name": "ThresholdedReLU", "config": {"name": "t", "theta": 0.2}},
              {"class_name": "Softmax", "config": {"name": "s", "axis": -1}}
            ]}, "keras_version": "2.15.0"}
            """;
        var model = KerasModelJson.Parse(keras2, seed: 0, "k2").Model;
        var prelu = Assert.IsType<PReLU>(model.Layers[0]);
        Assert.Equal([1, 2], prelu.SharedAxes);
        Assert.Equal(new Shape(1, 1, 2), prelu.Alpha!.Shape);
        Assert.All(prelu.Alpha.Value.ToArray(), a => Assert.Equal(0.25f, a));
        var relu = Assert.IsType<ReLU>(model.Layers[1]);
        Assert.Equal((6f, 0.1f, 0.5f), (relu.MaxValue, relu.NegativeSlope, relu.Threshold));
        var thresholded = Assert.IsType<ReLU>(model.Layers[2]);
        Assert.Equal("t", thresholded.Name);
        Assert.Equal((null, 0f, 0.2f), (thresholded.MaxValue, thresholded.NegativeSlope, thresholded.Threshold));
        Assert.Equal(-1, Assert.IsType<Softmax>(model.Layers[3]).Axis);

        // Keras 3: ReLU without a ceiling, Softmax along axis 1 of [3, 2] samples; TF.js: maxValue, sharedAxes as one number.
        const string keras3 = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3, 2], "dtype": "float32", "name": "in"}},
              {"module": "keras.layers", "class_name": "ReLU", "config": {"name": "r", "max_value": null, "negative_slope": 0.0, "threshold": 0.0}},
              {"module": "keras.layers", "class_name": "Softmax", "config": {"name": "s", "axis": 1}}
            ]}}
            """;
        model = KerasModelJson.Parse(keras3, seed: 0, "k3").Model;
        Assert.Null(Assert.IsType<ReLU>(model.Layers[0]).MaxValue);
        Assert.Equal(1, Assert.IsType<Softmax>(model.Layers[1]).Axis);
        var y = model.Apply(Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 3, 2)).ToArray();
        Assert.Equal(1f, y[0] + y[2] + y[4], 5);

        const string tfjs = """
            {"modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "ReLU", "config": {"maxValue": 6, "name": "r", "batchInputShape": [null, 3, 2]}},
              {"class_name": "PReLU", "config": {"sharedAxes": 1, "name": "p"}},
              {"class_name": "ThresholdedReLU", "config": {"theta": 1, "name": "t"}},
              {"class_name": "Softmax", "config": {"axis": -1, "name": "s"}}
            ]}}}
            """;
        model = KerasModelJson.Parse(tfjs, seed: 0, "tfjs").Model;
        Assert.Equal(6f, Assert.IsType<ReLU>(model.Layers[0]).MaxValue);
        Assert.Equal([1], Assert.IsType<PReLU>(model.Layers[1]).SharedAxes);
        Assert.Equal(1f, Assert.IsType<ReLU>(model.Layers[2]).Threshold);
    }

    public static TheoryData<string, string> Names => new()
    {
        { "relu6", "relu6" }, { "leaky_relu", "leaky_relu" }, { "elu", "elu" }, { "selu", "selu" }, { "gelu", "gelu" }, { "gelu_new", "gelu_approximate" },
        { "swish", "silu" }, { "silu", "silu" }, { "hard_swish", "hard_silu" }, { "hard_silu", "hard_silu" }, { "mish", "mish" }, { "softplus", "softplus" },
        { "softsign", "softsign" }, { "exponential", "exponential" }, { "linear", "linear" }, { "log_softmax", "log_softmax" }, { "logSoftmax", "log_softmax" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryActivationNameIsReadInDenseAndActivation(string name, string expected)
    {
        string json = $$$"""
            {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "in"}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 4, "activation": "{{{name}}}"}},
              {"module": "keras.layers", "class_name": "Activation", "config": {"name": "a", "activation": "{{{name}}}"}}
            ]}}
            """;
        var model = KerasModelJson.Parse(json, seed: 0, "m").Model;
        Assert.Equal(expected, Assert.IsType<Dense>(model.Layers[0]).Activation.Name);
        Assert.Equal(expected, Assert.IsType<Activation>(model.Layers[1]).Function.Name);
    }

    [Theory]
    [InlineData("keras3", 2f / 3f)]
    [InlineData("keras2", 0.7f)]
    [InlineData("tfjs", 0.7f)]
    [InlineData("keras1", 0.7f)]
    public void HardSigmoidIsTheDefinitionOfTheFilesKeras(string dialect, float atOne)
    {
        // Keras 3: relu6(x + 3) / 6, 2/3 at x = 1; Keras 1 and 2 and TF.js: clip(0.2 x + 0.5, 0, 1), 0.7 at x = 1.
        string json = dialect switch
        {
            "keras3" => """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 1], "name": "in"}},
                  {"module": "keras.layers", "class_name": "Activation", "config": {"name": "a", "activation": "hard_sigmoid"}}]}}
                """,
            "keras2" => """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 1], "name": "in"}},
                  {"class_name": "Activation", "config": {"name": "a", "activation": "hard_sigmoid"}}]}, "keras_version": "2.15.0"}
                """,
            "tfjs" => """
                {"modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Activation", "config": {"activation": "hardSigmoid", "name": "a", "batchInputShape": [null, 1]}}]}}}
                """,
            _ => """
                {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
                  {"class_name": "Activation", "config": {"name": "a", "activation": "hard_sigmoid", "batch_input_shape": [null, 1]}}]}
                """,
        };
        var model = KerasModelJson.Parse(json, seed: 0, "m").Model;
        Assert.Equal(atOne, model.Apply(Tensor.FromArray([1f], 1, 1)).ToArray()[0], 6);
    }

    [Theory]
    [InlineData("LeakyReLU", "\"alpha\": -0.1", "cannot be built: LeakyReLU 'bad' needs a finite negative_slope of at least 0; got -0.1")]
    [InlineData("PReLU", "\"alpha_regularizer\": {\"class_name\": \"Orthogonal\", \"config\": {}}", "sets alpha_regularizer to the regularizer Orthogonal")]
    [InlineData("PReLU", "\"shared_axes\": [0]", "cannot be built: PReLU 'bad' needs distinct shared_axes of at least 1")]
    [InlineData("ReLU", "\"max_value\": -1.0", "cannot be built:")]
    [InlineData("Softmax", "\"axis\": [1, 2]", "sets axis = [1, 2], which OneBatch does not support")]
    [InlineData("Softmax", "\"axis\": 0", "cannot be built: Softmax 'bad' cannot run along axis 0, the batch axis")]
    [InlineData("Activation", "\"activation\": \"sparsemax\"", "sets activation = 'sparsemax', which OneBatch does not support")]
    public void SettingsOneBatchCannotHonourAreRefusedNamingTheLayerAndKey(string className, string settings, string expected)
    {
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 2], "name": "in"}},
              {"class_name": "{{{className}}}", "config": {"name": "bad", {{{settings}}}}}
            ]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, seed: 0, "m.json"));
        Assert.StartsWith("m.json: ", e.Message);
        Assert.Contains($"'bad' ({className})", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
