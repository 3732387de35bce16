using OneBatch.IO;
using OneBatch.IO.Keras;

namespace OneBatch.Tests.IO;

/// <summary>A layer class OneBatch cannot read is refused in one sentence naming the layer, its class, and why.</summary>
public sealed class KerasLayerClassesTests
{
    private static string Refusal(string entry)
    {
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "in"}},
              {{{entry}}}
            ]}}
            """;
        return Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'")).Message;
    }

    [Theory]
    [InlineData(
        """{"class_name": "Lambda", "config": {"name": "lam", "function": ["4wEAAAAAAAAA", null, null], "function_type": "lambda"}}""",
        "'m.json': layer 2 'lam' (Lambda) holds Python code (the function a Lambda layer calls), which OneBatch cannot run.")]
    [InlineData(
        """{"class_name": "TFOpLambda", "config": {"name": "tf.math.multiply", "function": "math.multiply"}}""",
        "'m.json': layer 2 'tf.math.multiply' (TFOpLambda) holds a call to the TensorFlow function tf.math.multiply that Keras recorded from Python code, which OneBatch cannot run.")]
    [InlineData(
        """{"class_name": "TensorFlowOpLayer", "config": {"name": "tf_op_layer_Mul", "node_def": {"name": "Mul", "op": "Mul", "input": ["x", "y"]}}}""",
        "'m.json': layer 2 'tf_op_layer_Mul' (TensorFlowOpLayer) holds the raw TensorFlow operation Mul that Keras recorded from Python code, which OneBatch cannot run.")]
    [InlineData(
        """{"class_name": "ClusteringLayer", "config": {"name": "clustering", "n_clusters": 10}}""",
        "'m.json': layer 2 'clustering' (ClusteringLayer) is not a Keras layer but a custom class, whose Python code is not in the file, so OneBatch cannot run it.")]
    [InlineData(
        """{"module": "__main__", "class_name": "Dense", "config": {"name": "mine", "units": 2}, "registered_name": "Custom>Dense"}""",
        "'m.json': layer 2 'mine' (Dense) is a custom class from the module __main__, whose Python code is not in the file, so OneBatch cannot run it.")]
    [InlineData(
        """{"class_name": "ConvLSTM2D", "config": {"name": "c", "filters": 4}}""",
        "'m.json': layer 2 'c' (ConvLSTM2D) is a Keras layer OneBatch does not read yet (the README lists those it does).")]
    [InlineData(
        """{"class_name": "Dens", "config": {"name": "d", "units": 2}}""",
        "'m.json': layer 2 'd' (Dens) is of class Dens, which Keras does not have: did you mean Dense?")]
    public void TheRefusalIsOneSentenceThatSaysWhy(string entry, string expected) => Assert.Equal(expected, Refusal(entry));

    [Fact]
    public void ALayerOfKerasItselfUnderItsModuleIsRead()
    {
        string json = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "in"}, "registered_name": null},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}, "registered_name": null}
            ]}}
            """;
        Assert.Single(KerasModelJson.Parse(json, 0, "'m.json'").Model.Layers);
    }

    [Fact]
    public void AFunctionalModelsTensorFlowOpLayerIsRefusedTheSameWay()
    {
        // tf.keras 2 records `x * 0.5` on a Keras tensor as a TFOpLambda called with the other operand as a keyword.
        string json = """
            {"class_name": "Functional", "config": {"name": "f", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"class_name": "TFOpLambda", "name": "tf.math.multiply", "config": {"name": "tf.math.multiply", "function": "math.multiply"},
               "inbound_nodes": [["in", 0, 0, {"y": 0.5, "name": null}]]}
            ], "input_layers": [["in", 0, 0]], "output_layers": [["tf.math.multiply", 0, 0]]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.Equal(
            "'m.json': layer 2 'tf.math.multiply' (TFOpLambda) holds a call to the TensorFlow function tf.math.multiply that Keras recorded from Python code, which OneBatch cannot run.",
            e.Message);
    }
}
