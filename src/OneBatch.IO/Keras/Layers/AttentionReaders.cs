using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's attention layers: MultiHeadAttention, Attention, AdditiveAttention. Their calls take more than a
/// list of tensors: MultiHeadAttention's query, value and key (tf.keras 2 writes value and key as keywords, Keras 3
/// keeps them positional), the others' list [query, value(, key)]; and the call argument <c>use_causal_mask</c>, which
/// OneBatch holds on the layer (tf.keras 2.9 and older set <c>causal</c> in the config instead).
/// </summary>
internal static class AttentionReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("MultiHeadAttention", MultiHeadAttention),
        ("Attention", Attention),
        ("AdditiveAttention", AdditiveAttention),
    ];

    public static (string ClassName, CallReader Reader)[] Calls { get; } =
    [
        ("MultiHeadAttention", new CallReader(["query", "value", "key"], CausalMask<MultiHeadAttention>(m => m.UseCausalMask, (m, v) => m.UseCausalMask = v))),
        ("Attention", new CallReader(["inputs"], CausalMask<DenseAttention>(a => a.UseCausalMask, (a, v) => a.UseCausalMask = v))),
        ("AdditiveAttention", new CallReader(["inputs"], CausalMask<DenseAttention>(a => a.UseCausalMask, (a, v) => a.UseCausalMask = v))),
    ];

    private static Layer MultiHeadAttention(KerasConfig c)
    {
        int heads = c.Int("num_heads", 0);
        int keyDim = c.Int("key_dim", 0);
        if (heads <= 0 || keyDim <= 0)
        {
            throw c.Invalid(heads <= 0 ? "num_heads" : "key_dim", "a positive whole number");
        }

        // kernel_regularizer covers the query, key, value and output kernels, as in Keras.
        var layer = new MultiHeadAttention(
            heads,
            keyDim,
            c.Has("value_dim") ? c.Int("value_dim", keyDim) : null,
            c.Float("dropout", 0f),
            c.Bool("use_bias", true),
            c.IntList("output_shape"),
            c.IntList("attention_axes"),
            c.Initializer("kernel_initializer", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            seed: c.Int("seed", 0),
            name: c.Name);
        return c.Penalties(layer, "kernel", "bias");
    }

    private static Layer Attention(KerasConfig c) =>
        new Attention(c.Bool("use_scale", false), c.String("score_mode", "dot")!, c.Float("dropout", 0f), c.Bool("causal", false), c.Int("seed", 0), c.Name);

    private static Layer AdditiveAttention(KerasConfig c) =>
        new AdditiveAttention(c.Bool("use_scale", true), c.Float("dropout", 0f), c.Bool("causal", false), c.Int("seed", 0), c.Name);

    // use_causal_mask from the call (or causal from an older config); return_attention_scores would add an output
    // OneBatch does not give.
    private static CallReader.Settings CausalMask<T>(Func<T, bool> get, Action<T, bool> set)
        where T : Layer => (layer, call, first, c) =>
    {
        if (call.Bool("return_attention_scores", false, c))
        {
            throw c.Error("is called with return_attention_scores = true; OneBatch gives the attention output only.");
        }

        var attention = (T)layer;
        bool causal = call.Bool("use_causal_mask", false, c) || c.Bool("causal", false);
        if (first)
        {
            set(attention, causal);
        }
        else if (causal != get(attention))
        {
            throw c.Error(
                $"is called with use_causal_mask = {(causal ? "true" : "false")} after a call with {(causal ? "false" : "true")}; a layer called again shares its settings in OneBatch, so its calls must agree.");
        }
    };
}
