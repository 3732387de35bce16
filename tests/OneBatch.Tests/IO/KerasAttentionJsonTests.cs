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
/// Attention layers in model files (small models written for these tests in each Keras version's form): the query,
/// value and key wired wherever the version puts them, use_causal_mask read from the call, and a small transformer
/// block that imports and trains.
/// </summary>
public sealed class KerasAttentionJsonTests
{
    private static string T(string layer, params int[] shape) =>
        $$$"""{"class_name": "__keras_tensor__", "config": {"shape": [null, {{{string.Join(", ", shape)}}}], "dtype": "float32", "keras_history": ["{{{layer}}}", 0, 0]}}""";

    private const string Initializers = """
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null
        """;

    private static string Keras3Initializers => """
        "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
        "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
        "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null
        """;

    // Cross-attention with its own key and a causal mask: q [3, 4], v [5, 6], k [5, 2], 2 heads of key_dim 3, value_dim 2.
    // tf.keras 2 writes mha(q, v, key=k, use_causal_mask=True) as the query's entry carrying the rest as kwargs.
    private static readonly string Keras2CrossAttention = $$$"""
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "q"}, "name": "q", "inbound_nodes": []},
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 6], "dtype": "float32", "sparse": false, "ragged": false, "name": "v"}, "name": "v", "inbound_nodes": []},
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 2], "dtype": "float32", "sparse": false, "ragged": false, "name": "k"}, "name": "k", "inbound_nodes": []},
          {"class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": "float32", "num_heads": 2, "key_dim": 3, "value_dim": 2,
             "dropout": 0.0, "use_bias": true, "output_shape": null, "attention_axes": [1], {{{Initializers}}},
             "query_shape": [null, 3, 4], "key_shape": [null, 5, 2], "value_shape": [null, 5, 6]},
           "name": "mha", "inbound_nodes": [[["q", 0, 0, {"value": ["v", 0, 0], "key": ["k", 0, 0], "use_causal_mask": true}]]]}
         ], "input_layers": [["q", 0, 0], ["v", 0, 0], ["k", 0, 0]], "output_layers": [["mha", 0, 0]]},
         "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    // Keras 3 keeps the call as written: mha(q, v, key=k, use_causal_mask=True).
    private static readonly string Keras3CrossAttention = $$$"""
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3, 4], "dtype": "float32", "sparse": false, "name": "q"}, "registered_name": null, "name": "q", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 6], "dtype": "float32", "sparse": false, "name": "v"}, "registered_name": null, "name": "v", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 2], "dtype": "float32", "sparse": false, "name": "k"}, "registered_name": null, "name": "k", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": "float32", "num_heads": 2, "key_dim": 3,
             "value_dim": 2, "dropout": 0.0, "use_bias": true, "output_shape": null, "attention_axes": null, {{{Keras3Initializers}}}, "seed": null},
           "registered_name": null, "build_config": {"shapes_dict": {"query_shape": [null, 3, 4], "value_shape": [null, 5, 6], "key_shape": [null, 5, 2]}}, "name": "mha",
           "inbound_nodes": [{"args": [{{{T("q", 3, 4)}}}, {{{T("v", 5, 6)}}}], "kwargs": {"key": {{{T("k", 5, 2)}}}, "use_causal_mask": true}}]}
         ], "input_layers": [["q", 0, 0], ["v", 0, 0], ["k", 0, 0]], "output_layers": [["mha", 0, 0]]},
         "compile_config": {"optimizer": "adam", "loss": "mse", "loss_weights": null}}
        """;

    [Theory]
    [InlineData("tf.keras 2")]
    [InlineData("Keras 3")]
    public void MultiHeadAttentionTakesItsQueryValueAndKeyAndTheCausalMaskFromTheCall(string version)
    {
        var imported = KerasModelJson.Parse(version == "Keras 3" ? Keras3CrossAttention : Keras2CrossAttention, seed: 7, "s");
        Assert.Equal(version, imported.Format);
        var model = Assert.IsType<Functional>(imported.Model);
        var mha = Assert.IsType<MultiHeadAttention>(model.Layers[3]);
        Assert.True(mha.UseCausalMask);
        Assert.Equal((2, 3, 2), (mha.NumHeads, mha.KeyDim, mha.ValueDim));
        Assert.Equal(
            ["mha/query/kernel", "mha/query/bias", "mha/key/kernel", "mha/key/bias", "mha/value/kernel", "mha/value/bias", "mha/attention_output/kernel", "mha/attention_output/bias"],
            model.Weights.Select(w => w.Name));
        Assert.Equal(new Shape(3, 4), model.OutputShape);

        // The same graph built in C# from the same seed: the same weights and the same outputs.
        var q = Keras.Input(shape: [3, 4], name: "q");
        var v = Keras.Input(shape: [5, 6], name: "v");
        var k = Keras.Input(shape: [5, 2], name: "k");
        var expected = new Functional([q, v, k], [new MultiHeadAttention(2, 3, 2, useCausalMask: true, name: "mha").Apply(q, v, k)], seed: 7);
        Assert.Equal(expected.GetWeights(), model.GetWeights());
        var random = new RandomGenerator(1);
        Tensor[] batch = [random.Uniform(new Shape(2, 3, 4)), random.Uniform(new Shape(2, 5, 6)), random.Uniform(new Shape(2, 5, 2))];
        Assert.Equal(expected.ApplyAll(batch)[0].ToArray(), model.ApplyAll(batch)[0].ToArray());
    }

    [Fact]
    public void Keras3CanNameEveryTensorByKeyword()
    {
        string json = Keras3CrossAttention.Replace(
            $$$"""{"args": [{{{T("q", 3, 4)}}}, {{{T("v", 5, 6)}}}], "kwargs": {"key": {{{T("k", 5, 2)}}}, "use_causal_mask": true}}""",
            $$$"""{"args": [], "kwargs": {"value": {{{T("v", 5, 6)}}}, "key": {{{T("k", 5, 2)}}}, "query": {{{T("q", 3, 4)}}}}}""",
            StringComparison.Ordinal);
        Assert.NotEqual(Keras3CrossAttention, json);
        var mha = Assert.IsType<MultiHeadAttention>(KerasModelJson.Parse(json, 0, "s").Model.Layers[3]);
        Assert.False(mha.UseCausalMask);
        Assert.Equal([new Shape(3, 4), new Shape(5, 6), new Shape(5, 2)], mha.InputShapes);
    }

    [Theory]
    [InlineData("Keras 3", "\"return_attention_scores\": true", "is called with return_attention_scores = true; OneBatch gives the attention output only.")]
    [InlineData("Keras 3", "\"attention_mask\": MASK", "is called with a tensor as its attention_mask argument; OneBatch takes masks only from the layers that make them")]
    [InlineData("tf.keras 2", "\"use_causal_mask\": \"yes\"", "is called with use_causal_mask = \"yes\", which is not true or false.")]
    public void CallArgumentsOneBatchCannotHonourAreRefused(string version, string argument, string message)
    {
        string json = version == "Keras 3"
            ? Keras3CrossAttention.Replace("\"use_causal_mask\": true", argument.Replace("MASK", T("q", 3, 4), StringComparison.Ordinal), StringComparison.Ordinal)
            : Keras2CrossAttention.Replace("\"use_causal_mask\": true", argument, StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.StartsWith("'m.json': layer 4 'mha' (MultiHeadAttention) ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ASharedLayerCalledWithAndWithoutTheCausalMaskIsRefused()
    {
        // tf.keras 2: one MultiHeadAttention applied to q twice, the second call causal.
        string json = $$$"""
            {"class_name": "Functional", "config": {"name": "model", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3, 4], "name": "q"}, "name": "q", "inbound_nodes": []},
              {"class_name": "MultiHeadAttention", "config": {"name": "mha", "num_heads": 1, "key_dim": 2, {{{Initializers}}}},
               "name": "mha", "inbound_nodes": [[["q", 0, 0, {"value": ["q", 0, 0]}]], [["mha", 0, 0, {"value": ["mha", 0, 0], "use_causal_mask": true}]]]}
             ], "input_layers": [["q", 0, 0]], "output_layers": [["mha", 1, 0]]}, "keras_version": "2.15.0"}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.Equal(
            "'m.json': layer 2 'mha' (MultiHeadAttention) is called with use_causal_mask = true after a call with false; a layer called again shares its settings in OneBatch, so its calls must agree.",
            e.Message);
    }

    [Fact]
    public void MultiHeadAttentionSettingsOneBatchLacksAreNamed()
    {
        string json = Keras2CrossAttention.Replace("\"kernel_regularizer\": null", "\"kernel_regularizer\": \"orthogonal_regularizer\"", StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.StartsWith("'m.json': layer 4 'mha' (MultiHeadAttention) sets kernel_regularizer = 'orthogonal_regularizer', which OneBatch does not support.", e.Message);
        e = Assert.Throws<InputException>(() => KerasModelJson.Parse(Keras2CrossAttention.Replace("\"attention_axes\": [1]", "\"attention_axes\": [2]", StringComparison.Ordinal), 0, "'m.json'"));
        Assert.StartsWith("'m.json': layer 4 'mha' (MultiHeadAttention) cannot take its inputs ('q', 'v', 'k'): ", e.Message);
        Assert.Contains("attention_axes [2] is not supported", e.Message);
    }

    // Attention()([q, v], use_causal_mask=True) with concat scores and a scale: tf.keras 2 repeats the kwargs on each entry.
    private const string Keras2Luong = """
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3, 4], "name": "q"}, "name": "q", "inbound_nodes": []},
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 4], "name": "v"}, "name": "v", "inbound_nodes": []},
          {"class_name": "Attention", "config": {"name": "att", "trainable": true, "dtype": "float32", "use_scale": true, "score_mode": "concat", "dropout": 0.0},
           "name": "att", "inbound_nodes": [[["q", 0, 0, {"use_causal_mask": true}], ["v", 0, 0, {"use_causal_mask": true}]]]}
         ], "input_layers": [["q", 0, 0], ["v", 0, 0]], "output_layers": [["att", 0, 0]]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    // Keras 3: one positional argument, the list.
    private static readonly string Keras3Luong = $$$"""
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3, 4], "dtype": "float32", "name": "q"}, "name": "q", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 4], "dtype": "float32", "name": "v"}, "name": "v", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Attention", "config": {"name": "att", "trainable": true, "dtype": "float32", "use_scale": true, "score_mode": "concat", "dropout": 0.0, "seed": null},
           "registered_name": null, "build_config": {"input_shape": [[null, 3, 4], [null, 5, 4]]}, "name": "att",
           "inbound_nodes": [{"args": [[{{{T("q", 3, 4)}}}, {{{T("v", 5, 4)}}}]], "kwargs": {"use_causal_mask": true}}]}
         ], "input_layers": [["q", 0, 0], ["v", 0, 0]], "output_layers": [["att", 0, 0]]}}
        """;

    // tf.keras 2.4 to 2.9 wrote causal in the config of the dense attention layers.
    private const string Keras24Luong = """
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3, 4], "name": "q"}, "name": "q", "inbound_nodes": []},
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 4], "name": "v"}, "name": "v", "inbound_nodes": []},
          {"class_name": "Attention", "config": {"name": "att", "trainable": true, "dtype": "float32", "use_scale": true, "score_mode": "concat", "causal": true, "dropout": 0.0},
           "name": "att", "inbound_nodes": [[["q", 0, 0, {}], ["v", 0, 0, {}]]]}
         ], "input_layers": [["q", 0, 0], ["v", 0, 0]], "output_layers": [["att", 0, 0]]}, "keras_version": "2.4.0", "backend": "tensorflow"}
        """;

    [Theory]
    [InlineData(Keras2Luong)]
    [InlineData(Keras24Luong)]
    [InlineData(null)]
    public void AttentionTakesItsListAndTheCausalMask(string? json)
    {
        var model = KerasModelJson.Parse(json ?? Keras3Luong, seed: 3, "s").Model;
        var att = Assert.IsType<Attention>(model.Layers[2]);
        Assert.True(att.UseCausalMask);
        Assert.True(att.UseScale);
        Assert.Equal("concat", att.ScoreMode);
        Assert.Equal(["att/scale", "att/concat_score_weight"], model.Weights.Select(w => w.Name));

        var q = Keras.Input(shape: [3, 4], name: "q");
        var v = Keras.Input(shape: [5, 4], name: "v");
        var expected = new Functional([q, v], [new Attention(useScale: true, scoreMode: "concat", useCausalMask: true, name: "att").Apply(q, v)], seed: 3);
        var random = new RandomGenerator(2);
        Tensor[] batch = [random.Uniform(new Shape(2, 3, 4)), random.Uniform(new Shape(2, 5, 4))];
        Assert.Equal(expected.ApplyAll(batch)[0].ToArray(), model.ApplyAll(batch)[0].ToArray());
    }

    [Fact]
    public void AdditiveAttentionTakesAKeyAsTheThirdTensorOfItsList()
    {
        string json = $$$"""
            {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3, 4], "name": "q"}, "name": "q", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 6], "name": "v"}, "name": "v", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 4], "name": "k"}, "name": "k", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "AdditiveAttention", "config": {"name": "add_att", "trainable": true, "dtype": "float32", "use_scale": true, "dropout": 0.0},
               "registered_name": null, "name": "add_att",
               "inbound_nodes": [{"args": [[{{{T("q", 3, 4)}}}, {{{T("v", 5, 6)}}}, {{{T("k", 5, 4)}}}]], "kwargs": {}}]}
             ], "input_layers": [["q", 0, 0], ["v", 0, 0], ["k", 0, 0]], "output_layers": [["add_att", 0, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, seed: 0, "s").Model;
        var att = Assert.IsType<AdditiveAttention>(model.Layers[3]);
        Assert.False(att.UseCausalMask);
        Assert.Equal(new Shape(3, 6), model.OutputShape);
        Assert.Equal(["add_att/scale [4]"], model.Weights.Select(w => $"{w.Name} {w.Shape}"));
    }

    // A small transformer block over token ids (id 0 is padding): Embedding(mask_zero) -> MultiHeadAttention(x, x) ->
    // Add -> LayerNormalization -> Dense(relu) -> Flatten -> Dense(softmax).
    private static readonly string Keras3Transformer = $$$"""
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "transformer", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6], "dtype": "int32", "sparse": false, "name": "ids"}, "registered_name": null, "name": "ids", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embed", "trainable": true, "input_dim": 20, "output_dim": 8,
             "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}, "registered_name": null},
             "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": true},
           "registered_name": null, "build_config": {"input_shape": [null, 6]}, "name": "embed",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 6], "dtype": "int32", "keras_history": ["ids", 0, 0]}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": "float32", "num_heads": 2, "key_dim": 4,
             "value_dim": 4, "dropout": 0.1, "use_bias": true, "output_shape": null, "attention_axes": null, {{{Keras3Initializers}}}, "seed": null},
           "registered_name": null, "name": "mha",
           "inbound_nodes": [{"args": [{{{T("embed", 6, 8)}}}, {{{T("embed", 6, 8)}}}], "kwargs": {"query_mask": null, "value_mask": null}}]},
          {"module": "keras.layers", "class_name": "Add", "config": {"name": "residual", "trainable": true}, "registered_name": null, "name": "residual",
           "inbound_nodes": [{"args": [[{{{T("embed", 6, 8)}}}, {{{T("mha", 6, 8)}}}]], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "LayerNormalization", "config": {"name": "norm", "trainable": true, "dtype": "float32", "axis": [-1], "epsilon": 1e-06,
             "center": true, "scale": true, "rms_scaling": false,
             "beta_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
             "gamma_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": null},
             "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null},
           "registered_name": null, "name": "norm", "inbound_nodes": [{"args": [{{{T("residual", 6, 8)}}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "ffn", "trainable": true, "units": 8, "activation": "relu", "use_bias": true, {{{Keras3Initializers}}}},
           "registered_name": null, "name": "ffn", "inbound_nodes": [{"args": [{{{T("norm", 6, 8)}}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "data_format": "channels_last"}, "registered_name": null, "name": "flatten",
           "inbound_nodes": [{"args": [{{{T("ffn", 6, 8)}}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true, {{{Keras3Initializers}}}},
           "registered_name": null, "name": "out", "inbound_nodes": [{"args": [{{{T("flatten", 48)}}}], "kwargs": {}}]}
         ], "input_layers": [["ids", 0, 0]], "output_layers": [["out", 0, 0]]},
         "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {"learning_rate": 0.001}, "registered_name": null},
                            "loss": "sparse_categorical_crossentropy", "loss_weights": null}}
        """;

    // The same block as tf.keras 2 writes it: mha(x, x) is the query's entry with the value as a kwarg.
    private static readonly string Keras2Transformer = $$$"""
        {"class_name": "Functional", "config": {"name": "transformer", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "dtype": "int32", "sparse": false, "ragged": false, "name": "ids"}, "name": "ids", "inbound_nodes": []},
          {"class_name": "Embedding", "config": {"name": "embed", "trainable": true, "batch_input_shape": [null, 6], "dtype": "float32", "input_dim": 20, "output_dim": 8,
             "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
             "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": true, "input_length": 6},
           "name": "embed", "inbound_nodes": [[["ids", 0, 0, {}]]]},
          {"class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": "float32", "num_heads": 2, "key_dim": 4, "value_dim": 4,
             "dropout": 0.1, "use_bias": true, "output_shape": null, "attention_axes": [1], {{{Initializers}}},
             "query_shape": [null, 6, 8], "key_shape": [null, 6, 8], "value_shape": [null, 6, 8]},
           "name": "mha", "inbound_nodes": [[["embed", 0, 0, {"value": ["embed", 0, 0]}]]]},
          {"class_name": "Add", "config": {"name": "residual", "trainable": true, "dtype": "float32"}, "name": "residual", "inbound_nodes": [[["embed", 0, 0, {}], ["mha", 0, 0, {}]]]},
          {"class_name": "LayerNormalization", "config": {"name": "norm", "trainable": true, "dtype": "float32", "axis": [2], "epsilon": 1e-06, "center": true, "scale": true,
             "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}},
             "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null},
           "name": "norm", "inbound_nodes": [[["residual", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "ffn", "trainable": true, "dtype": "float32", "units": 8, "activation": "relu", "use_bias": true, {{{Initializers}}}},
           "name": "ffn", "inbound_nodes": [[["norm", 0, 0, {}]]]},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}, "name": "flatten", "inbound_nodes": [[["ffn", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "out", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true, {{{Initializers}}}},
           "name": "out", "inbound_nodes": [[["flatten", 0, 0, {}]]]}
         ], "input_layers": [["ids", 0, 0]], "output_layers": [["out", 0, 0]]},
         "keras_version": "2.15.0", "backend": "tensorflow",
         "training_config": {"loss": "sparse_categorical_crossentropy", "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001} }
         }
        }
        """;

    [Theory]
    [InlineData("Keras 3")]
    [InlineData("tf.keras 2")]
    public void ASmallTransformerBlockImportsAndTrains(string version)
    {
        var file = KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(version == "Keras 3" ? Keras3Transformer : Keras2Transformer), "'transformer.json'");
        Assert.Equal(version, file.Format);
        Assert.Equal("sparse_categorical_crossentropy", file.Losses![0]!.Name);
        var model = file.Build(seed: 0).Model;
        Assert.Equal(["ids", "embed", "mha", "residual", "norm", "ffn", "flatten", "out"], model.Layers.Select(l => l.Name));
        Assert.True(model.AllLayers().Single(l => l.Name == "mha").ActsOnlyInTraining);
        var norm = Assert.IsType<LayerNormalization>(model.AllLayers().Single(l => l.Name == "norm"));
        Assert.Equal(1e-6f, norm.Epsilon);

        // 12 sequences of 6 ids, some padded with 0 at the end, in 3 classes.
        var random = new RandomGenerator(4);
        var ids = new Tensor(new Shape(12, 6));
        var span = ids.Span;
        for (int n = 0; n < 12; n++)
        {
            int length = 3 + (n % 4);
            for (int t = 0; t < length; t++)
            {
                span[(n * 6) + t] = 1 + (int)(random.NextFloat() * 19);
            }
        }

        var labels = Tensor.FromArray([.. Enumerable.Range(0, 12).Select(n => (float)(n % 3))], 12);
        var report = SingleBatchCheck.Run(model, ids, labels, new SparseCategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 1500 });
        Assert.True(report.Memorized, $"{report.Verdict} after {report.Steps} steps: loss {report.InitialLoss} -> {report.FinalLoss}");
        Assert.Contains(report.Notes, n => n.Contains("mha", StringComparison.Ordinal));
    }
}
