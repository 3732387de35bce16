using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>Keyword arguments of layer calls in model files: tensors given by keyword are wired, others refused clearly.</summary>
public sealed class KerasCallArgumentsTests
{
    private static string T(string layer, int rank = 2) =>
        $$$"""{"class_name": "__keras_tensor__", "config": {"shape": [null{{{string.Concat(Enumerable.Repeat(", 4", rank - 1))}}}], "dtype": "float32", "keras_history": ["{{{layer}}}", 0, 0]}}""";

    private static string Keras3(string denseInboundNodes) => $$$"""
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "in"}, "name": "in", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "other", "units": 4}, "name": "other", "inbound_nodes": [{"args": [{{{T("in")}}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 2}, "name": "out", "inbound_nodes": [{{{denseInboundNodes}}}]}
         ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}}
        """;

    [Fact]
    public void ALayerCalledWithItsInputByKeywordIsWired()
    {
        var model = KerasModelJson.Parse(Keras3($$$"""{"args": [], "kwargs": {"inputs": {{{T("other")}}}, "training": false}}"""), seed: 0, "'k3.json'").Model;
        var functional = Assert.IsType<Functional>(model);
        Assert.Equal(new Shape(2), functional.OutputShape);
        Assert.Equal("other", functional.LayerGraph().Calls.Single(n => n.Layer.Name == "out").Inputs.Single().Layer.Name);
    }

    [Fact]
    public void AMaskTensorPassedByHandIsRefused()
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Keras3($$$"""{"args": [{{{T("in")}}}], "kwargs": {"mask": {{{T("other")}}}}}"""), seed: 0, "'k3.json'"));
        Assert.Equal(
            "'k3.json': layer 3 'out' (Dense) is called with a tensor as its mask argument; OneBatch takes masks only from the layers that make them (Embedding with mask_zero, Masking), carried beside each tensor.",
            e.Message);
    }

    [Fact]
    public void ATensorUnderAKeywordTheLayerDoesNotTakeIsRefused()
    {
        const string Keras2 = """
            {"class_name": "Functional", "config": {"name": "model", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "name": "in", "inbound_nodes": []},
              {"class_name": "Dense", "config": {"name": "out", "units": 2}, "name": "out", "inbound_nodes": [[["in", 0, 0, {"initial_state": [["in", 0, 0]]}]]]}
             ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}, "keras_version": "2.15.0"}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Keras2, seed: 0, "'k2.json'"));
        Assert.Equal("'k2.json': layer 2 'out' (Dense) is called with a tensor as its initial_state argument, which OneBatch does not read for Dense.", e.Message);
    }
}
