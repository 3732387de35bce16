using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's 1-D pooling layers: MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D,
/// their short aliases (MaxPool1D, ...), and Keras 1's keys (pool_length, stride, border_mode).
/// </summary>
internal static class Pooling1DReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("MaxPooling1D", MaxPooling1D),
        ("MaxPool1D", MaxPooling1D),
        ("AveragePooling1D", AveragePooling1D),
        ("AvgPool1D", AveragePooling1D),
        ("GlobalMaxPooling1D", GlobalMaxPooling1D),
        ("GlobalMaxPool1D", GlobalMaxPooling1D),
        ("GlobalAveragePooling1D", GlobalAveragePooling1D),
        ("GlobalAvgPool1D", GlobalAveragePooling1D),
    ];

    private static Layer MaxPooling1D(KerasConfig c)
    {
        var (pool, strides, padding) = Window(c);
        return new MaxPooling1D(pool, strides, padding, name: c.Name);
    }

    private static Layer AveragePooling1D(KerasConfig c)
    {
        var (pool, strides, padding) = Window(c);
        return new AveragePooling1D(pool, strides, padding, name: c.Name);
    }

    // Keras 1 writes pool_length, stride and border_mode where later versions write pool_size, strides and padding;
    // a null stride means the pool size in every version.
    private static (int Pool, int? Strides, string Padding) Window(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        if (c.Has("pool_length") || c.Has("stride") || c.Has("border_mode"))
        {
            int length = c.Int("pool_length", 2);
            return (length, c.Has("stride") ? c.Int("stride", length) : null, c.Padding("border_mode", allowCausal: false));
        }

        int pool = (c.Ints("pool_size", 1) ?? [2])[0];
        return (pool, c.Ints("strides", 1)?[0], c.Padding("padding", allowCausal: false));
    }

    private static Layer GlobalMaxPooling1D(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        return new GlobalMaxPooling1D(c.Bool("keepdims", false), name: c.Name);
    }

    private static Layer GlobalAveragePooling1D(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        return new GlobalAveragePooling1D(c.Bool("keepdims", false), name: c.Name);
    }
}
