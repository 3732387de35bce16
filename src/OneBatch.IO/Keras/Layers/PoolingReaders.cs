using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's 2-D pooling layers: MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D
/// and their short aliases (MaxPool2D, ...). Keras 1 writes border_mode and dim_ordering where later versions write
/// padding and data_format; a null strides means the pool size in every version.
/// </summary>
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
        ("GlobalMaxPooling2D", GlobalMaxPooling2D),
        ("GlobalMaxPool2D", GlobalMaxPooling2D),
    ];

    private static Layer MaxPooling2D(KerasConfig c)
    {
        var (pool, strides, padding) = Window(c);
        return new MaxPooling2D(pool, strides, padding, c.DataFormat(), name: c.Name);
    }

    private static Layer AveragePooling2D(KerasConfig c)
    {
        var (pool, strides, padding) = Window(c);
        return new AveragePooling2D(pool, strides, padding, c.DataFormat(), name: c.Name);
    }

    private static (int[] Pool, int[] Strides, string Padding) Window(KerasConfig c)
    {
        var pool = c.Ints("pool_size", 2) ?? [2, 2];
        return (pool, c.Ints("strides", 2) ?? pool, c.Padding(c.Has("border_mode") ? "border_mode" : "padding", allowCausal: false));
    }

    private static Layer GlobalAveragePooling2D(KerasConfig c) =>
        new GlobalAveragePooling2D(c.Bool("keepdims", false), c.DataFormat(), name: c.Name);

    private static Layer GlobalMaxPooling2D(KerasConfig c) =>
        new GlobalMaxPooling2D(c.Bool("keepdims", false), c.DataFormat(), name: c.Name);
}
