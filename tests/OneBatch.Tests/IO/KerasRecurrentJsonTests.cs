using OneBatch.Activations;
using OneBatch.Initializers;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// Recurrent layers as each Keras version writes them (small models written for these tests): SimpleRNN, LSTM, GRU,
/// the RNN wrapper with a cell, Bidirectional, Keras 1's keys, and the settings OneBatch refuses.
/// </summary>
public sealed class KerasRecurrentJsonTests
{
    // Input [5, 3] -> Bidirectional(GRU(4, return_sequences)) -> LSTM(3) -> Dense(2, softmax), as tf.keras 2.x's to_json writes it.
    private const string Keras2Stack = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "bidirectional_input"}},
          {"class_name": "Bidirectional", "config": {"name": "bidirectional", "trainable": true, "dtype": "float32", "merge_mode": "concat",
            "layer": {"class_name": "GRU", "config": {"name": "gru", "trainable": true, "dtype": "float32", "return_sequences": true, "return_state": false,
              "go_backwards": false, "stateful": false, "unroll": false, "time_major": false, "units": 4, "activation": "tanh",
              "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
              "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
              "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
              "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2, "reset_after": true}}}},
          {"class_name": "LSTM", "config": {"name": "lstm", "trainable": true, "dtype": "float32", "return_sequences": false, "return_state": false,
            "go_backwards": false, "stateful": false, "unroll": false, "time_major": false, "units": 3, "activation": "tanh", "recurrent_activation": "sigmoid",
            "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
            "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "unit_forget_bias": true, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
            "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 2, "activation": "softmax", "use_bias": true}}
        ]}, "keras_version": "2.13.1", "backend": "tensorflow"}
        """;

    // The same model as Keras 3 writes it: the Bidirectional holds its forward half (already renamed) and its backward half.
    private const string Keras3Stack = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Bidirectional", "config": {"name": "bidirectional", "trainable": true, "merge_mode": "concat",
            "layer": {"module": "keras.layers", "class_name": "GRU", "config": {"name": "forward_gru", "trainable": true, "return_sequences": true,
              "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": true, "units": 4, "activation": "tanh",
              "recurrent_activation": "sigmoid", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
              "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "reset_after": true, "seed": null},
              "registered_name": null, "build_config": {"input_shape": [null, 5, 3]}},
            "backward_layer": {"module": "keras.layers", "class_name": "GRU", "config": {"name": "backward_gru", "trainable": true, "return_sequences": true,
              "return_state": false, "go_backwards": true, "stateful": false, "unroll": false, "zero_output_for_mask": true, "units": 4, "activation": "tanh",
              "recurrent_activation": "sigmoid", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "dropout": 0.0, "recurrent_dropout": 0.0, "reset_after": true, "seed": null},
              "registered_name": null, "build_config": {"input_shape": [null, 5, 3]}}},
            "registered_name": null, "build_config": {"input_shape": [null, 5, 3]}},
          {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "lstm", "trainable": true, "return_sequences": false, "return_state": false,
            "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": false, "units": 3, "activation": "tanh",
            "recurrent_activation": "sigmoid", "use_bias": true,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "unit_forget_bias": true,
            "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
            "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": null},
            "registered_name": null, "build_config": {"input_shape": [null, 5, 8]}},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 2, "activation": "softmax", "use_bias": true},
            "registered_name": null, "build_config": {"input_shape": [null, 3]}}
          ], "build_input_shape": [null, 5, 3]}, "registered_name": null, "build_config": {"input_shape": [null, 5, 3]}}
        """;

    // TensorFlow.js's model.toJSON(): snake_case keys, initializers written in full.
    private const string TfjsStack = """
        {"format": "layers-model", "generatedBy": "TensorFlow.js tfjs-layers v4.22.0", "convertedBy": null,
         "modelTopology": {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
          {"class_name": "Bidirectional", "config": {"merge_mode": "concat", "name": "bidirectional", "trainable": true, "batch_input_shape": [null, 5, 3], "dtype": "float32",
            "layer": {"class_name": "GRU", "config": {"units": 4, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true,
              "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
              "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1, "seed": null}},
              "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null,
              "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0, "recurrent_dropout": 0,
              "implementation": null, "reset_after": true, "name": "gru", "trainable": true, "return_sequences": true, "return_state": false, "go_backwards": false,
              "stateful": false, "unroll": false}}}},
          {"class_name": "LSTM", "config": {"units": 3, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
            "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1, "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "unit_forget_bias": true, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
            "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0, "recurrent_dropout": 0, "implementation": null,
            "name": "lstm", "trainable": true, "return_sequences": false, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false}},
          {"class_name": "Dense", "config": {"units": 2, "activation": "softmax", "use_bias": true, "name": "dense", "trainable": true}}
         ]}, "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"}, "weightsManifest": []}
        """;

    // Keras 1.2: output_dim, init, inner_init, forget_bias_init, inner_activation, dropout_W/U, consume_less.
    private const string Keras1Lstm = """
        {"class_name": "Sequential", "config": [
          {"class_name": "LSTM", "config": {"name": "lstm_1", "trainable": true, "batch_input_shape": [null, 7, 4], "input_dtype": "float32",
            "return_sequences": false, "go_backwards": true, "stateful": false, "unroll": false, "consume_less": "cpu", "output_dim": 6,
            "init": "glorot_uniform", "inner_init": "orthogonal", "forget_bias_init": "one", "activation": "tanh", "inner_activation": "hard_sigmoid",
            "W_regularizer": null, "U_regularizer": null, "b_regularizer": null, "dropout_W": 0.25, "dropout_U": 0.0}},
          {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 1, "init": "glorot_uniform", "activation": "sigmoid", "W_regularizer": null, "bias": true}}
        ], "keras_version": "1.2.2", "backend": "tensorflow"}
        """;

    [Theory]
    [InlineData(Keras2Stack, "tf.keras 2")]
    [InlineData(Keras3Stack, "Keras 3")]
    [InlineData(TfjsStack, "TensorFlow.js")]
    public void EveryDialectGivesTheSameBidirectionalStack(string json, string format)
    {
        var imported = KerasModelJson.Parse(json, seed: 5, "s");
        Assert.Equal(format, imported.Format);
        Assert.Empty(imported.UnsupportedInitializers);
        var model = imported.Model;
        Assert.Equal(["bidirectional", "lstm", "dense"], model.Layers.Select(l => l.Name));
        var bidirectional = Assert.IsType<Bidirectional>(model.Layers[0]);
        Assert.Equal("forward_gru", bidirectional.ForwardLayer.Name);
        Assert.Equal("backward_gru", bidirectional.BackwardLayer.Name);
        Assert.True(bidirectional.BackwardLayer.GoBackwards);
        Assert.True(((GRU)bidirectional.ForwardLayer).ResetAfter);
        Assert.IsType<Orthogonal>(bidirectional.ForwardLayer.RecurrentInitializer);
        Assert.Equal(
            ["bidirectional/forward_gru/kernel", "bidirectional/forward_gru/recurrent_kernel", "bidirectional/forward_gru/bias",
             "bidirectional/backward_gru/kernel", "bidirectional/backward_gru/recurrent_kernel", "bidirectional/backward_gru/bias",
             "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias", "dense/kernel", "dense/bias"],
            model.Weights.Select(w => w.Name));
        Assert.Equal([new Shape(3, 12), new Shape(4, 12), new Shape(2, 12)], model.Weights.Take(3).Select(w => w.Shape));

        // The same model built in C# from the same seed has the same weights and the same outputs.
        var expected = new Sequential(
        [
            new Bidirectional(new GRU(4, returnSequences: true), inputShape: [5, 3]),
            new LSTM(3),
            new Dense(2, activation: "softmax"),
        ], seed: 5);
        Assert.Equal(expected.GetWeights(), model.GetWeights());
        var x = new RandomGenerator(1).Uniform(new Shape(4, 5, 3), -1f, 1f);
        Assert.Equal(expected.Apply(x).ToArray(), model.Apply(x).ToArray());
    }

    [Fact]
    public void Keras1KeysAreRead()
    {
        var model = KerasModelJson.Parse(Keras1Lstm, 0, "s").Model;
        var lstm = Assert.IsType<LSTM>(model.Layers[0]);
        Assert.Equal(6, lstm.Units);
        Assert.True(lstm.GoBackwards);
        Assert.True(lstm.UnitForgetBias);
        Assert.Equal(0.25f, lstm.Dropout);
        Assert.True(lstm.ActsOnlyInTraining);
        Assert.Same(ActivationFunction.HardSigmoidKeras2, lstm.RecurrentActivation);
        Assert.Equal(1.1f, Assert.IsType<Orthogonal>(lstm.RecurrentInitializer).Gain);
        Assert.Equal(new Shape(7, 4), model.InputShape);
        Assert.Equal(new Shape(1), model.OutputShape);
    }

    [Theory]
    [InlineData("tf.keras 2", false)]
    [InlineData("Keras 3", true)]
    public void HardSigmoidMeansWhatTheFilesKerasMeantByIt(string format, bool keras3)
    {
        string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "GRU", "config": {"name": "gru", "units": 2, "recurrent_activation": "hard_sigmoid", "batch_input_shape": [null, 3, 2]}},
              {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "hard_sigmoid"}}]}, "keras_version": "VERSION"}
            """.Replace("VERSION", keras3 ? "3.6.0" : "2.15.0", StringComparison.Ordinal);
        var imported = KerasModelJson.Parse(json, 0, "s");
        Assert.Equal(format, imported.Format);
        var expected = keras3 ? ActivationFunction.HardSigmoid : ActivationFunction.HardSigmoidKeras2;
        var gru = Assert.IsType<GRU>(imported.Model.Layers[0]);
        Assert.Same(expected, gru.RecurrentActivation);
        Assert.Same(expected, ((Dense)imported.Model.Layers[1]).Activation);

        // A GRU file of Keras 2 that has no reset_after predates it: the reset gate applies before the product.
        Assert.Equal(keras3, gru.ResetAfter);
    }

    [Fact]
    public void TheRnnWrapperTakesItsCellsSettings()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "RNN", "config": {"name": "rnn", "return_sequences": true, "go_backwards": true, "batch_input_shape": [null, 4, 3],
                "cell": {"class_name": "LSTMCell", "config": {"name": "lstm_cell", "units": 5, "activation": "relu", "recurrent_activation": "sigmoid",
                  "unit_forget_bias": false, "kernel_regularizer": null}}}},
              {"class_name": "RNN", "config": {"name": "rnn_1", "return_sequences": true,
                "cell": {"module": "keras.layers", "class_name": "GRUCell", "config": {"name": "gru_cell", "units": 2, "reset_after": false}, "registered_name": null}}},
              {"class_name": "RNN", "config": {"name": "rnn_2", "cell": {"class_name": "SimpleRNNCell", "config": {"units": 2}}}}
            ]}, "keras_version": "2.15.0"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        var lstm = Assert.IsType<LSTM>(model.Layers[0]);
        Assert.Equal("rnn", lstm.Name);
        Assert.Equal(5, lstm.Units);
        Assert.True(lstm.ReturnSequences && lstm.GoBackwards);
        Assert.False(lstm.UnitForgetBias);
        Assert.Same(ActivationFunction.Relu, lstm.Activation);
        Assert.False(Assert.IsType<GRU>(model.Layers[1]).ResetAfter);
        Assert.IsType<SimpleRNN>(model.Layers[2]);
        Assert.Equal(new Shape(2), model.OutputShape);
    }

    [Fact]
    public void CuDnnLayersReadAsLstmAndGru()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "CuDNNGRU", "config": {"name": "g", "units": 4, "return_sequences": true, "batch_input_shape": [null, 6, 2]}},
              {"class_name": "CuDNNLSTM", "config": {"name": "l", "units": 3, "unit_forget_bias": true}}
            ]}, "keras_version": "2.2.4"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        var gru = Assert.IsType<GRU>(model.Layers[0]);
        Assert.True(gru.ResetAfter);
        Assert.Same(ActivationFunction.Sigmoid, gru.RecurrentActivation);
        Assert.Same(ActivationFunction.Tanh, Assert.IsType<LSTM>(model.Layers[1]).Activation);
    }

    [Theory]
    [InlineData("tf.keras 2")]
    [InlineData("Keras 3")]
    public void AFunctionalModelTakesARecurrentLayersStateOutputs(string format)
    {
        // Input [4, 2] -> LSTM(3, return_sequences, return_state) -> Concatenate(state h, state c) -> Dense(1).
        string keras2 = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 2], "name": "in"}, "name": "in", "inbound_nodes": []},
              {"class_name": "LSTM", "config": {"name": "enc", "units": 3, "return_sequences": true, "return_state": true}, "name": "enc", "inbound_nodes": [[["in", 0, 0, {}]]]},
              {"class_name": "Concatenate", "config": {"name": "join", "axis": -1}, "name": "join", "inbound_nodes": [[["enc", 0, 1, {}], ["enc", 0, 2, {}]]]},
              {"class_name": "Dense", "config": {"name": "out", "units": 1}, "name": "out", "inbound_nodes": [[["join", 0, 0, {}]]]}
             ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0], ["enc", 0, 0]]}, "keras_version": "2.15.0"}
            """;
        string keras3 = """
            {"module": "keras", "class_name": "Functional", "config": {"name": "m", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4, 2], "name": "in"}, "name": "in", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "enc", "units": 3, "return_sequences": true, "return_state": true}, "name": "enc",
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4, 2], "dtype": "float32", "keras_history": ["in", 0, 0]}}], "kwargs": {}}]},
              {"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "join", "axis": -1}, "name": "join",
               "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "keras_history": ["enc", 0, 1]}},
                                            {"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "keras_history": ["enc", 0, 2]}}]], "kwargs": {}}]},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 1}, "name": "out",
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 6], "keras_history": ["join", 0, 0]}}], "kwargs": {}}]}
             ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0], ["enc", 0, 0]]}}
            """;
        var imported = KerasModelJson.Parse(format == "Keras 3" ? keras3 : keras2, 0, "s");
        Assert.Equal(format, imported.Format);
        var model = Assert.IsType<Functional>(imported.Model);
        Assert.Equal([new Shape(1), new Shape(4, 3)], model.OutputShapes);
        var outputs = model.ApplyAll(new RandomGenerator(2).Uniform(new Shape(2, 4, 2)));
        Assert.Equal(new Shape(2, 1), outputs[0].Shape);
        Assert.Equal(new Shape(2, 4, 3), outputs[1].Shape);
    }

    [Theory]
    [InlineData("LSTM", """{"units": 4, "kernel_regularizer": {"class_name": "OrthogonalRegularizer", "config": {"factor": 0.01}}}""", "sets kernel_regularizer to the regularizer OrthogonalRegularizer")]
    [InlineData("GRU", """{"units": 4, "recurrent_constraint": {"class_name": "MaxNorm", "config": {"max_value": -1}}}""", "sets recurrent_constraint to a constraint OneBatch cannot use: MaxNorm needs a finite max_value >= 0; got -1.")]
    [InlineData("SimpleRNN", """{"units": 4, "U_regularizer": {"name": "SparseRegularizer", "l2": 0.01}}""", "sets U_regularizer to the regularizer SparseRegularizer")]
    [InlineData("LSTM", """{"units": 4, "time_major": true}""", "sets time_major = true")]
    [InlineData("LSTM", """{"units": 4, "activation": "softsign"}""", "cannot be built: LSTM 'x': the activation 'softsign' cannot run inside a recurrent cell")]
    [InlineData("LSTM", """{"units": 4, "recurrent_activation": "softmax"}""", "cannot be built: LSTM 'x': the recurrent_activation 'softmax' cannot run inside a recurrent cell")]
    [InlineData("GRU", """{"units": 0}""", "has a units that is not a positive whole number")]
    [InlineData("RNN", """{"cell": {"class_name": "StackedRNNCells", "config": {"cells": []}}}""", "sets cell = a stack of cells")]
    [InlineData("RNN", """{"cell": {"class_name": "PeepholeLSTMCell", "config": {"units": 2}}}""", "has a cell of class PeepholeLSTMCell")]
    [InlineData("Bidirectional", """{"layer": {"class_name": "Dense", "config": {"units": 2}}}""", "its layer (Dense) is of class Dense; OneBatch's Bidirectional wraps")]
    [InlineData("Bidirectional", """{"merge_mode": "max", "layer": {"class_name": "LSTM", "config": {"units": 2}}}""", "sets merge_mode = 'max'")]
    [InlineData("Bidirectional", """{"layer": {"class_name": "LSTM", "config": {"name": "l", "units": 2, "bias_regularizer": {"class_name": "L0"}}}}""", "its layer 'l' (LSTM) sets bias_regularizer")]
    public void SettingsOneBatchCannotHonourAreRefusedByName(string className, string config, string message)
    {
        string json = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"" + className + "\", \"config\": "
            + config.Insert(1, "\"name\": \"x\", ") + "}]}}";
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.StartsWith("'m.json': layer 1 'x' (" + className + ")", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ABidirectionalWithoutAMergeModeGivesBothHalves()
    {
        const string json = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 2], "name": "in"}, "name": "in", "inbound_nodes": []},
              {"class_name": "Bidirectional", "config": {"name": "bi", "merge_mode": null, "layer": {"class_name": "SimpleRNN", "config": {"name": "r", "units": 3}}},
               "name": "bi", "inbound_nodes": [[["in", 0, 0, {}]]]},
              {"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [[["bi", 0, 0, {}], ["bi", 0, 1, {}]]]}
             ], "input_layers": [["in", 0, 0]], "output_layers": [["add", 0, 0]]}, "keras_version": "2.15.0"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        var bi = Assert.IsType<Bidirectional>(((Functional)model).Layers[1]);
        Assert.Null(bi.MergeMode);
        Assert.Equal(new Shape(3), model.OutputShape);
    }
}
