using OneBatch.Activations;
using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's activation layers: ReLU, LeakyReLU (Keras 1 and 2 and TF.js write <c>alpha</c>, Keras 3
/// <c>negative_slope</c>), PReLU (Keras 1 writes <c>init</c> for <c>alpha_initializer</c>), ELU, Softmax, and
/// ThresholdedReLU of Keras 1 and 2 and TF.js (a ReLU with a threshold). The <c>Activation</c> layer, which takes a
/// name, is a core layer.
/// </summary>
internal static class ActivationReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("ReLU", ReLU),
        ("LeakyReLU", c => new LeakyReLU(c.Float("negative_slope", c.Float("alpha", 0.3f)), name: c.Name)),
        ("PReLU", PReLU),
        ("ELU", c => new ELU(c.Float("alpha", 1f), name: c.Name)),
        ("Softmax", Softmax),
        ("ThresholdedReLU", ThresholdedReLU),
    ];

    // max_value null means no ceiling.
    private static Layer ReLU(KerasConfig c) =>
        new ReLU(c.Has("max_value") ? c.Float("max_value", 0f) : null, c.Float("negative_slope", 0f), c.Float("threshold", 0f), name: c.Name);

    private static Layer PReLU(KerasConfig c)
    {
        var fallback = new Constant(0f);
        var initializer = c.Has("alpha_initializer") ? c.Initializer("alpha_initializer", fallback) : c.Initializer("init", fallback);
        return c.Penalties(new PReLU(initializer, c.IntList("shared_axes"), name: c.Name), "alpha");
    }

    private static Layer Softmax(KerasConfig c)
    {
        var axis = c.IntList("axis") ?? [-1];
        return axis.Length == 1 ? new Softmax(axis[0], name: c.Name) : throw c.Unsupported("axis", $"[{string.Join(", ", axis)}]");
    }

    // y = x where x > theta, else 0: a ReLU whose threshold is theta (Keras's ReLU keeps x >= threshold, which differs
    // only at x == theta exactly). Keras 3 dropped the class for ReLU(threshold=...).
    private static Layer ThresholdedReLU(KerasConfig c) => new ReLU(threshold: c.Float("theta", 1f), name: c.Name);
}
