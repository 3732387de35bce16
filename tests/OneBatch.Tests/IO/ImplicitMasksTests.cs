using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>
/// Keras 3 writes the masks it computed while building a Functional model as ops (<c>not_equal</c>, <c>any</c>) and
/// passes them to each masking layer as its <c>mask</c> argument; OneBatch drops exactly those and computes the masks
/// itself (small models written for these tests in the form Keras 3 saves).
/// </summary>
public sealed class ImplicitMasksTests
{
    private static string T(string layer, params int[] shape) =>
        $$$"""{"class_name": "__keras_tensor__", "config": {"shape": [null, {{{string.Join(", ", shape)}}}], "dtype": "float32", "keras_history": ["{{{layer}}}", 0, 0]}}""";

    private static string Op(string className, string name, string args, string config = "{}") =>
        $$$"""{"module": "keras.src.ops.numpy", "class_name": "{{{className}}}", "config": {{{config}}}, "registered_name": "{{{className}}}", "name": "{{{name}}}", "inbound_nodes": [{"args": [{{{args}}}], "kwargs": {}}]}""";

    // ids [N, 6] -> Embedding(mask_zero) -> LSTM(4) -> Dense(1); with the ops, the LSTM is called with mask=not_equal(ids, 0).
    private static string EmbeddingModel(bool withOps, int maskedValue = 0) => $$$"""
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6], "dtype": "int32", "name": "ids"}, "name": "ids", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embed", "input_dim": 10, "output_dim": 3, "mask_zero": true}, "name": "embed",
           "inbound_nodes": [{"args": [{{{T("ids", 6)}}}], "kwargs": {}}]},
          {{{(withOps ? Op("NotEqual", "not_equal", $"{T("ids", 6)}, {maskedValue}") + "," : string.Empty)}}}
          {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "lstm", "units": 4}, "name": "lstm",
           "inbound_nodes": [{"args": [{{{T("embed", 6, 3)}}}], "kwargs": {"training": false{{{(withOps ? $", \"mask\": {T("not_equal", 6)}" : string.Empty)}}}}}]},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 1}, "name": "out", "inbound_nodes": [{"args": [{{{T("lstm", 4)}}}], "kwargs": {}}]}
        ], "input_layers": [["ids", 0, 0]], "output_layers": [["out", 0, 0]]}}
        """;

    [Fact]
    public void AnEmbeddingsNotEqualMaskIsLeftToTheEmbedding()
    {
        var model = KerasModelJson.Parse(EmbeddingModel(withOps: true), 3, "'m.json'").Model;
        var expected = KerasModelJson.Parse(EmbeddingModel(withOps: false), 3, "'m.json'").Model;
        Assert.Equal(["ids", "embed", "lstm", "out"], model.Layers.Select(l => l.Name));

        // Post-padded ids: the mask makes the LSTM carry its state over the zeros, as without the op.
        var ids = Tensor.FromArray([1, 2, 3, 0, 0, 0, 4, 5, 6, 7, 8, 9], 2, 6);
        Assert.Equal(expected.Apply(ids).ToArray(), model.Apply(ids).ToArray());
        var unmasked = ids.ToArray();
        unmasked[3] = 1;
        Assert.NotEqual(model.Apply(Tensor.FromArray(unmasked, 2, 6)).ToArray()[0], model.Apply(ids).ToArray()[0]);
    }

    [Fact]
    public void AMaskingLayersNotEqualAndAnyAreLeftToTheMaskingLayer()
    {
        string json = $$$"""
            {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 2], "dtype": "float32", "name": "x"}, "name": "x", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "Masking", "config": {"name": "masking", "mask_value": -1.0}, "name": "masking", "inbound_nodes": [{"args": [{{{T("x", 5, 2)}}}], "kwargs": {}}]},
              {{{Op("NotEqual", "not_equal", $"{T("x", 5, 2)}, -1.0")}}},
              {{{Op("Any", "any", T("not_equal", 5, 2), """{"axis": -1, "keepdims": false}""")}}},
              {"module": "keras.layers", "class_name": "GRU", "config": {"name": "gru", "units": 3}, "name": "gru",
               "inbound_nodes": [{"args": [{{{T("masking", 5, 2)}}}], "kwargs": {"mask": {{{T("any", 5)}}}}}]}
            ], "input_layers": [["x", 0, 0]], "output_layers": [["gru", 0, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, 0, "'m.json'").Model;
        Assert.Equal(["x", "masking", "gru"], model.Layers.Select(l => l.Name));
        Assert.Equal(new Shape(3), model.OutputShape);
    }

    [Fact]
    public void ANotEqualThatIsNotAMaskingLayersMaskIsAnOpOneBatchRefuses()
    {
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(EmbeddingModel(withOps: true, maskedValue: 5), 0, "'m.json'"));
        Assert.Contains("'not_equal' (NotEqual) is a Keras operation (keras.ops) that OneBatch does not read yet.", e.Message);
        Assert.EndsWith(".", e.Message);
    }
}
