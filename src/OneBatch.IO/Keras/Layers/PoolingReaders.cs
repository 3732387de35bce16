using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's pooling layers: MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D (and their short aliases).</summary>
internal static class PoolingReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("MaxPooling2D", MaxPooling2D),
        ("MaxPool2D", MaxPooling2D),
        ("AveragePooling2D", AveragePooling2D),
        ("AvgPool2D", AveragePooling2D),
        ("GlobalAveragePooling2D", GlobalAveragePooling2D),
        ("GlobalAvgPool2D", GlobalAveragePooling2D),
    ];

    private static Layer MaxPooling2D(KerasConfig c)
    {
        var (pool, strides) = Window(c);
        return new MaxPooling2D(pool, strides, c.Padding(), name: c.Name);
    }

    private static Layer AveragePooling2D(KerasConfig c)
    {
        var (pool, strides) = Window(c);
        return new AveragePooling2D(pool, strides, c.Padding(), name: c.Name);
    }

    private static (int[] Pool, int[] Strides) Window(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        var pool = c.Ints("pool_size", 2) ?? [2, 2];
        return (pool, c.Ints("strides", 2) ?? pool);
    }

    private static Layer GlobalAveragePooling2D(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        c.Require("keepdims", "false");
        return new GlobalAveragePooling2D(name: c.Name);
    }
}
