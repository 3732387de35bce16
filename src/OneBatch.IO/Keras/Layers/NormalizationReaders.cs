using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's normalization layers: BatchNormalization (weights in Keras order: gamma, beta, moving_mean,
/// moving_variance) and LayerNormalization (gamma, beta; Keras 3's rms_scaling is refused).
/// </summary>
internal static class NormalizationReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("BatchNormalization", BatchNormalization),
        ("LayerNormalization", LayerNormalization),
    ];

    private static Layer BatchNormalization(KerasConfig c)
    {
        c.RequireNull("virtual_batch_size", "adjustment");
        c.Require("renorm", "false");
        c.Require("synchronized", "false");
        int axis = -1;
        if (c.Get("axis") is { } a)
        {
            var items = KerasConfig.Items(a)?.ToArray();
            int? single = KerasConfig.AsInt(a) ?? (items is { Length: 1 } ? KerasConfig.AsInt(items[0]) : null);
            axis = single ?? throw c.Unsupported("axis", JsonText.OneLine(a));
        }

        var layer = new BatchNormalization(
            axis,
            c.Float("momentum", 0.99f),
            c.Float("epsilon", 1e-3f),
            c.Bool("center", true),
            c.Bool("scale", true),
            c.Initializer("beta_initializer", new Constant(0f)),
            c.Initializer("gamma_initializer", new Constant(1f)),
            c.Initializer("moving_mean_initializer", new Constant(0f)),
            c.Initializer("moving_variance_initializer", new Constant(1f)),
            name: c.Name);
        return c.Penalties(layer, "gamma", "beta");
    }

    // Keras 3 writes axis as a list once built ([-1]), tf.keras 2 as a list of positive axes ([2]), TF.js as written.
    private static Layer LayerNormalization(KerasConfig c)
    {
        c.Require("rms_scaling", "false");
        var layer = new LayerNormalization(
            c.IntList("axis") ?? [-1],
            c.Float("epsilon", 1e-3f),
            c.Bool("center", true),
            c.Bool("scale", true),
            c.Initializer("beta_initializer", new Constant(0f)),
            c.Initializer("gamma_initializer", new Constant(1f)),
            name: c.Name);
        return c.Penalties(layer, "gamma", "beta");
    }
}
