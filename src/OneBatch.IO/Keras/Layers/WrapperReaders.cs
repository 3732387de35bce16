using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's layer wrappers: TimeDistributed (its inner layer is read by the same table).</summary>
internal static class WrapperReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("TimeDistributed", TimeDistributed),
    ];

    private static Layer TimeDistributed(KerasConfig c) =>
        new TimeDistributed(LayerReaders.Read(c.Nested("layer") ?? throw c.Invalid("layer", "a layer (an object with class_name and config)")), name: c.Name);
}
