using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's layers that reshape sequences along their steps: UpSampling1D, ZeroPadding1D, Cropping1D.</summary>
internal static class Reshaping1DReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("UpSampling1D", UpSampling1D),
        ("ZeroPadding1D", ZeroPadding1D),
        ("Cropping1D", Cropping1D),
    ];

    // Keras 1 writes length where later versions write size.
    private static Layer UpSampling1D(KerasConfig c) =>
        new UpSampling1D(c.Int("size", c.Int("length", 2)), name: c.Name);

    private static Layer ZeroPadding1D(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        var padding = c.Ints("padding", 2) ?? [1, 1];
        return new ZeroPadding1D((padding[0], padding[1]), name: c.Name);
    }

    private static Layer Cropping1D(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        var cropping = c.Ints("cropping", 2) ?? [1, 1];
        return new Cropping1D((cropping[0], cropping[1]), name: c.Name);
    }
}
