using System.Text.Json;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's layer wrappers: TimeDistributed (its inner layer is read by the same table).</summary>
internal static class WrapperReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("TimeDistributed", TimeDistributed),
    ];

    private static Layer TimeDistributed(KerasConfig c) => new TimeDistributed(Inner(c, "layer"), name: c.Name);

    /// <summary>The layer a wrapper holds under <paramref name="key"/>: a nested <c>{"class_name", "config"}</c>.</summary>
    internal static Layer Inner(KerasConfig c, string key)
    {
        if (c.Get(key) is not { ValueKind: JsonValueKind.Object } inner
            || !inner.TryGetProperty("class_name", out var cn) || cn.ValueKind != JsonValueKind.String)
        {
            throw c.Invalid(key, "a layer (an object with class_name and config)");
        }

        var config = inner.TryGetProperty("config", out var v) ? v : default;
        return LayerReaders.Read(c.Inner(config, cn.GetString()!));
    }
}
