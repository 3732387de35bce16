using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// Functional models as each Keras version writes them (small models written for these tests): the wiring of
/// inbound nodes in every dialect, several inputs and outputs, models nested as layers, and graphs that cannot be built.
/// </summary>
public sealed class KerasFunctionalJsonTests
{
    // A residual block: Input(4) -> Dense(4, relu) 'hidden' -> Add(input, hidden) 'res' -> Dense(2, softmax) 'out'.
    private const string Keras2Residual = """
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "in"}, "name": "in", "inbound_nodes": []},
          {"class_name": "Dense", "config": {"name": "hidden", "units": 4, "activation": "relu"}, "name": "hidden", "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "Add", "config": {"name": "res"}, "name": "res", "inbound_nodes": [[["in", 0, 0, {}], ["hidden", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "out", "units": 2, "activation": "softmax"}, "name": "out", "inbound_nodes": [[["res", 0, 0, {}]]]}
         ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]},
         "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    private const string Keras3Residual = """
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "in"}, "registered_name": null, "name": "in", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "hidden", "trainable": true, "units": 4, "activation": "relu", "use_bias": true}, "registered_name": null,
           "build_config": {"input_shape": [null, 4]}, "name": "hidden",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["in", 0, 0]}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Add", "config": {"name": "res", "trainable": true}, "registered_name": null, "name": "res",
           "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["in", 0, 0]}},
                                        {"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["hidden", 0, 0]}}]], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "trainable": true, "units": 2, "activation": "softmax"}, "registered_name": null, "name": "out",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["res", 0, 0]}}], "kwargs": {"training": false}}]}
         ], "input_layers": [["in", 0, 0]], "output_layers": ["out", 0, 0]},
         "compile_config": {"optimizer": "adam", "loss": "categorical_crossentropy", "loss_weights": null}}
        """;

    private const string TfjsResidual = """
        {"format": "layers-model", "generatedBy": "keras v2.4.0", "convertedBy": "TensorFlow.js Converter v2.7.0",
         "modelTopology": {"keras_version": "2.4.0", "backend": "tensorflow", "model_config": {"class_name": "Model", "config": {"name": "model", "layers": [
          {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "in"}, "inbound_nodes": []},
          {"name": "hidden", "class_name": "Dense", "config": {"units": 4, "activation": "relu", "name": "hidden", "trainable": true}, "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"name": "res", "class_name": "Add", "config": {"name": "res", "trainable": true}, "inbound_nodes": [[["in", 0, 0, {}], ["hidden", 0, 0, {}]]]},
          {"name": "out", "class_name": "Dense", "config": {"units": 2, "activation": "softmax", "name": "out", "trainable": true}, "inbound_nodes": [[["res", 0, 0, {}]]]}
         ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}},
          "training_config": {"loss": "categorical_crossentropy", "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}}}},
         "weightsManifest": []}
        """;

    // Keras 1's functional API: a Model whose merge is a Merge layer with a mode, and [name, node, tensor] entries.
    private const string Keras1Merge = """
        {"class_name": "Model", "config": {"name": "model_1", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "input_dtype": "float32", "sparse": false, "name": "in"}, "name": "in", "inbound_nodes": []},
          {"class_name": "Dense", "config": {"name": "hidden", "output_dim": 4, "init": "glorot_uniform", "activation": "relu", "W_regularizer": null, "bias": true, "input_dim": null}, "name": "hidden", "inbound_nodes": [[["in", 0, 0]]]},
          {"class_name": "Merge", "config": {"name": "res", "mode": "sum", "concat_axis": -1}, "name": "res", "inbound_nodes": [[["in", 0, 0], ["hidden", 0, 0]]]},
          {"class_name": "Dense", "config": {"name": "out", "output_dim": 2, "init": "glorot_uniform", "activation": "softmax", "W_regularizer": null, "bias": true}, "name": "out", "inbound_nodes": [[["res", 0, 0]]]}
         ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}, "keras_version": "1.2.2"}
        """;

    [Theory]
    [InlineData(Keras2Residual, "tf.keras 2")]
    [InlineData(Keras3Residual, "Keras 3")]
    [InlineData(TfjsResidual, "TensorFlow.js")]
    [InlineData(Keras1Merge, "tf.keras 2")]
    public void EveryDialectWiresTheSameResidualBlock(string json, string format)
    {
        var imported = KerasModelJson.Parse(json, seed: 5, "s");
        Assert.Equal(format, imported.Format);
        var model = Assert.IsType<Functional>(imported.Model);
        Assert.Equal(["in", "hidden", "res", "out"], model.Layers.Select(l => l.Name));
        Assert.Equal(new Shape(2), model.OutputShape);

        // The same graph built in C# from the same seed has the same weights and the same outputs.
        var inputs = Keras.Input(shape: [4], name: "in");
        var hidden = new Dense(4, activation: "relu", name: "hidden").Apply(inputs);
        var outputs = new Dense(2, activation: "softmax", name: "out").Apply(new Add(name: "res").Apply(inputs, hidden));
        var expected = new Functional(inputs, outputs, seed: 5);
        Assert.Equal(expected.GetWeights(), model.GetWeights());
        var x = new RandomGenerator(1).Uniform(new Shape(3, 4));
        Assert.Equal(expected.Apply(x).ToArray(), model.Apply(x).ToArray());
    }

    [Fact]
    public void TheCompileConfigLossesOfATwoOutputModelAreReadPerOutput()
    {
        const string json = """
            {"class_name": "Functional", "config": {"name": "two", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "a"}, "name": "a", "inbound_nodes": []},
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2], "name": "b"}, "name": "b", "inbound_nodes": []},
              {"class_name": "Concatenate", "config": {"name": "join", "axis": -1}, "name": "join", "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "value", "units": 1}, "name": "value", "inbound_nodes": [[["join", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "kind", "units": 3, "activation": "softmax"}, "name": "kind", "inbound_nodes": [[["join", 0, 0, {}]]]}
             ], "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["value", 0, 0], ["kind", 0, 0]]},
             "training_config": {"loss": {"value": "mse", "kind": {"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": false}}},
                                 "loss_weights": {"value": 0.5, "kind": 2.0}}}
            """;
        var file = KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(json), "s");
        Assert.Equal(["a", "b"], file.InputNames);
        Assert.Equal(["value", "kind"], file.OutputNames);
        Assert.Equal([new LossSpec("mse", false), new LossSpec("SparseCategoricalCrossentropy", false)], file.Losses!);
        Assert.Equal([0.5f, 2f], file.LossWeights!);
        var model = file.Build(seed: 0).Model;
        Assert.Equal([new Shape(1), new Shape(3)], model.OutputShapes);
        Assert.Equal([new Shape(3), new Shape(2)], model.InputShapes);
    }

    [Fact]
    public void AFrozenBaseNestedInASequentialIsReadWithItsWeightsFrozen()
    {
        // As tf.keras 2 writes transfer learning: a Sequential whose first layer is a whole Functional base.
        const string json = """
            {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 6, 1], "dtype": "float32", "name": "base_input"}},
              {"class_name": "Functional", "config": {"name": "base", "layers": [
                {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 6, 1], "name": "image"}, "name": "image", "inbound_nodes": []},
                {"class_name": "Conv2D", "config": {"name": "conv", "trainable": false, "filters": 2, "kernel_size": [3, 3], "padding": "same"}, "name": "conv", "inbound_nodes": [[["image", 0, 0, {}]]]},
                {"class_name": "BatchNormalization", "config": {"name": "bn", "trainable": false, "axis": [3]}, "name": "bn", "inbound_nodes": [[["conv", 0, 0, {}]]]},
                {"class_name": "Activation", "config": {"name": "relu", "trainable": false, "activation": "relu"}, "name": "relu", "inbound_nodes": [[["bn", 0, 0, {}]]]},
                {"class_name": "GlobalAveragePooling2D", "config": {"name": "pool", "trainable": false}, "name": "pool", "inbound_nodes": [[["relu", 0, 0, {}]]]}
               ], "input_layers": [["image", 0, 0]], "output_layers": [["pool", 0, 0]]}},
              {"class_name": "Dense", "config": {"name": "head", "units": 3, "activation": "softmax"}}
            ]}, "keras_version": "2.7.0", "backend": "tensorflow"}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.True(model.Built);
        var inner = Assert.IsType<Functional>(model.Layers[0]);
        Assert.Equal("base", inner.Name);
        Assert.Equal(new Shape(3), model.OutputShape);
        Assert.Equal(["head/kernel", "head/bias"], model.TrainableVariables.Select(v => v.Name));
        Assert.Equal(["conv", "bn", "relu", "pool", "head"], model.AllLayers().Select(l => l.Name));
        Assert.Equal(["base/conv", "base/bn", "base/relu", "base/pool", "head"], model.LayerGraph().Calls.Select(c => c.Path));
    }

    [Fact]
    public void ANestedModelsFirstCallIsCountedAsKerasSavesIt()
    {
        // Keras does not save the call that made a nested model, so the outer model refers to its first use as call 1.
        const string json = """
            {"class_name": "Model", "config": {"name": "outer", "layers": [
              {"name": "x", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "x"}, "inbound_nodes": []},
              {"name": "enc", "class_name": "Dense", "config": {"units": 4, "name": "enc"}, "inbound_nodes": [[["x", 0, 0, {}]]]},
              {"name": "head", "class_name": "Sequential", "config": {"name": "head", "layers": [
                 {"class_name": "Dense", "config": {"units": 2, "activation": "softmax", "name": "probs", "batch_input_shape": [null, 4]}}]},
               "inbound_nodes": [[["enc", 0, 0, {}]]]}
             ], "input_layers": [["x", 0, 0]], "output_layers": [["head", 1, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(new Shape(2), model.OutputShape);
        Assert.Equal(["enc", "probs"], model.LayerGraph().Calls.Select(c => c.Layer.Name));
    }

    [Fact]
    public void ASharedLayerIsCalledOncePerInboundNode()
    {
        const string json = """
            {"class_name": "Functional", "config": {"name": "siamese", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "l"}, "name": "l", "inbound_nodes": []},
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "r"}, "name": "r", "inbound_nodes": []},
              {"class_name": "Dense", "config": {"name": "enc", "units": 4, "activation": "tanh"}, "name": "enc", "inbound_nodes": [[["l", 0, 0, {}]], [["r", 0, 0, {}]]]},
              {"class_name": "Subtract", "config": {"name": "diff"}, "name": "diff", "inbound_nodes": [[["enc", 0, 0, {}], ["enc", 1, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "score", "units": 1, "activation": "sigmoid"}, "name": "score", "inbound_nodes": [[["diff", 0, 0, {}]]]}
             ], "input_layers": [["l", 0, 0], ["r", 0, 0]], "output_layers": [["score", 0, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        Assert.Equal(4, model.Weights.Count);
        Assert.Equal(2, model.LayerGraph().Calls.Count(c => c.Layer.Name == "enc"));
        var x = new RandomGenerator(1).Uniform(new Shape(2, 3));
        Assert.All(model.Apply(x, x).ToArray(), v => Assert.Equal(0.5f, v, 6));
    }

    [Theory]
    [InlineData("""[["hidden", 0, 0, {}]]""", """[["in", 0, 0, {}], ["hidden", 0, 0, {}]]""", "each waits for another's output")]
    [InlineData("""[["in", 0, 0, {}]]""", """[["in", 0, 0, {}], ["ghost", 0, 0, {}]]""", "to an input from 'ghost', which is not a layer of the model")]
    [InlineData("""[["in", 0, 0, {}]]""", """[["in", 0, 0, {}], ["hidden", 3, 0, {}]]""", "is called 1 time(s), but its call 3 is taken by layer 'res'")]
    public void AGraphThatCannotBeBuiltIsRefusedInOneSentence(string hiddenNodes, string resNodes, string expected)
    {
        string json = Keras2Residual
            .Replace("""[[["in", 0, 0, {}]]]}""", $"[{hiddenNodes}]}}", StringComparison.Ordinal)
            .Replace("""[[["in", 0, 0, {}], ["hidden", 0, 0, {}]]]""", $"[{resNodes}]", StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.StartsWith("'m.json': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AnInputWithUnknownSizesTakesThemFromTheBatch()
    {
        string json = Keras2Residual.Replace("[null, 4]", "[null, null]", StringComparison.Ordinal);
        var file = KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(json), "'m.json'");
        Assert.Equal([null], file.DeclaredInputShapes[0]!);
        Assert.Contains("sizes that are not known", Assert.Throws<InputException>(() => file.Build()).Message);
        Assert.Equal(new Shape(4), file.Build(0, [new Shape(4)]).Model.InputShape);
    }

    [Fact]
    public void Keras3CountsANestedFunctionalsCallsFromZeroInInboundNodesAndFromOneInOutputLayers()
    {
        // A siamese model: the nested Functional 'enc' is called on a, then on b. Keras 3 writes the first call as
        // ["enc", 0, 0] in diff's arguments but as ["enc", 1, 0] in output_layers.
        const string json = """
            {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "siamese", "trainable": true, "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "a"}, "name": "a", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "b"}, "name": "b", "inbound_nodes": []},
              {"module": "keras.src.models.functional", "class_name": "Functional", "name": "enc", "config": {"name": "enc", "trainable": true, "layers": [
                 {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "ein"}, "name": "ein", "inbound_nodes": []},
                 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "proj", "units": 2}, "name": "proj",
                  "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "keras_history": ["ein", 0, 0]}}], "kwargs": {}}]}],
                 "input_layers": [["ein", 0, 0]], "output_layers": [["proj", 0, 0]]},
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "keras_history": ["a", 0, 0]}}], "kwargs": {}},
                                 {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
              {"module": "keras.layers", "class_name": "Subtract", "config": {"name": "diff"}, "name": "diff",
               "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "keras_history": ["enc", 0, 0]}},
                                            {"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "keras_history": ["enc", 1, 0]}}]], "kwargs": {}}]}
             ], "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["enc", 1, 0], ["diff", 0, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, 0, "s").Model;
        var random = new RandomGenerator(1);
        var a = random.Uniform(new Shape(2, 3));
        var b = random.Uniform(new Shape(2, 3));
        var outputs = model.ApplyAll(a, b);
        var enc = Assert.IsType<Functional>(model.Layers.Single(l => l.Name == "enc"));
        var encA = enc.Apply(a).ToArray();
        var encB = enc.Apply(b).ToArray();
        Assert.Equal(encA, outputs[0].ToArray());
        Assert.Equal(encA.Zip(encB, (x, y) => x - y), outputs[1].ToArray());
    }

    [Fact]
    public void AModelFileWithoutItsInputsOrOutputsIsRefusedAsAModelProblem()
    {
        string noOutputs = Keras2Residual.Replace(""", "output_layers": [["out", 0, 0]]""", string.Empty, StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(noOutputs), "'m.json'"));
        Assert.Equal("'m.json': the model names no output_layers, so its outputs are not known.", e.Message);

        string twice = Keras2Residual.Replace("\"name\": \"res\"}, \"name\": \"res\"", "\"name\": \"hidden\"}, \"name\": \"hidden\"", StringComparison.Ordinal);
        e = Assert.Throws<InputException>(() => KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(twice), "'m.json'"));
        Assert.Contains("two layers of the Functional model are named 'hidden'", e.Message);
    }
}
