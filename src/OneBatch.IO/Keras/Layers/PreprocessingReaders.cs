using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's preprocessing layers that act in inference too: Rescaling, Normalization (its mean and
/// variance from the config, or else its weights <c>mean</c>, <c>variance</c>, <c>count</c> as Keras saves an adapted
/// layer), Resizing and CenterCrop. Images are channels-last.
/// </summary>
internal static class PreprocessingReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Rescaling", Rescaling),
        ("Normalization", Normalization),
        ("Resizing", Resizing),
        ("CenterCrop", CenterCrop),
    ];

    // scale and offset: a number each, or one per channel (Keras 3 accepts lists and arrays).
    private static Layer Rescaling(KerasConfig c) =>
        new Rescaling(c.Floats("scale") ?? throw c.Invalid("scale", "a number or a list of numbers"), c.Floats("offset") ?? [0f], name: c.Name);

    // axis: absent means the last; Keras writes axis=None as [] (and a hand-written null means None too): one mean and
    // variance for all values. mean and variance are null once the layer holds them as adapted weights.
    private static Layer Normalization(KerasConfig c)
    {
        bool axisNone = c.Element.ValueKind == System.Text.Json.JsonValueKind.Object
            && c.Element.TryGetProperty("axis", out var axis) && axis.ValueKind == System.Text.Json.JsonValueKind.Null;
        return new Normalization(axisNone ? [] : c.IntList("axis"), c.Floats("mean"), c.Floats("variance"), c.Bool("invert", false), name: c.Name);
    }

    private static Layer Resizing(KerasConfig c)
    {
        RequireChannelsLast(c);
        c.Require("pad_to_aspect_ratio", "false");
        c.Require("antialias", "false");
        var (height, width) = Size(c);
        return new Resizing(height, width, c.String("interpolation", "bilinear")!, c.Bool("crop_to_aspect_ratio", false), name: c.Name);
    }

    private static Layer CenterCrop(KerasConfig c)
    {
        RequireChannelsLast(c);
        var (height, width) = Size(c);
        return new CenterCrop(height, width, name: c.Name);
    }

    /// <summary>The positive <c>height</c> and <c>width</c> a resizing or cropping layer needs.</summary>
    internal static (int Height, int Width) Size(KerasConfig c)
    {
        int height = c.Int("height", 0), width = c.Int("width", 0);
        return height <= 0 ? throw c.Invalid("height", "a positive whole number")
            : width <= 0 ? throw c.Invalid("width", "a positive whole number")
            : (height, width);
    }

    /// <summary>Refuses images written channels-first (Keras 3's <c>data_format</c>).</summary>
    internal static void RequireChannelsLast(KerasConfig c) => c.Require("data_format", "channels_last");
}
