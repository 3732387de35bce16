using System.Text.Json;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's layers that reshape images along their height and width: ZeroPadding2D, Cropping2D,
/// UpSampling2D. Sides are given as one number, as (height, width), or as ((top, bottom), (left, right)) (lists, or
/// Keras 2's <c>__tuple__</c> objects, at either level); Keras 1's ZeroPadding2D also takes (top, bottom, left, right)
/// and <c>{"top_pad": ..., "bottom_pad": ..., "left_pad": ..., "right_pad": ...}</c>.
/// </summary>
internal static class Reshaping2DReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("ZeroPadding2D", ZeroPadding2D),
        ("Cropping2D", Cropping2D),
        ("UpSampling2D", UpSampling2D),
    ];

    private static Layer ZeroPadding2D(KerasConfig c) =>
        new ZeroPadding2D(Sides(c, "padding", 1, keras1Pads: true), c.DataFormat(), name: c.Name);

    private static Layer Cropping2D(KerasConfig c) =>
        new Cropping2D(Sides(c, "cropping", 0, keras1Pads: false), c.DataFormat(), name: c.Name);

    // interpolation came with Keras 2.2.3; before it, and in Keras 1, UpSampling2D repeated (nearest).
    private static Layer UpSampling2D(KerasConfig c)
    {
        var size = c.Ints("size", 2) ?? [2, 2];
        string interpolation = (c.String("interpolation", "nearest") ?? "nearest").ToLowerInvariant();
        if (interpolation is not ("nearest" or "bilinear"))
        {
            throw c.Unsupported("interpolation", interpolation);
        }

        return new UpSampling2D((size[0], size[1]), interpolation, c.DataFormat(), name: c.Name);
    }

    private static ((int, int), (int, int)) Sides(KerasConfig c, string key, int fallback, bool keras1Pads)
    {
        if (c.Get(key) is not { } v)
        {
            return ((fallback, fallback), (fallback, fallback));
        }

        string expected = keras1Pads
            ? "a whole number, (height, width), ((top, bottom), (left, right)), (top, bottom, left, right) or Keras 1's {top_pad, ...}"
            : "a whole number, (height, width) or ((top, bottom), (left, right))";
        if (KerasConfig.AsInt(v) is int all)
        {
            return ((all, all), (all, all));
        }

        if (keras1Pads && v.ValueKind == JsonValueKind.Object && !v.TryGetProperty("items", out _))
        {
            int Pad(string name) => v.TryGetProperty(name, out var p) ? KerasConfig.AsInt(p) ?? throw c.Invalid(key, expected) : 0;
            return ((Pad("top_pad"), Pad("bottom_pad")), (Pad("left_pad"), Pad("right_pad")));
        }

        var items = KerasConfig.Items(v)?.ToArray() ?? throw c.Invalid(key, expected);
        if (items.Length == 4 && keras1Pads)
        {
            var four = items.Select(KerasConfig.AsInt).ToArray();
            return four.All(i => i is not null) ? ((four[0]!.Value, four[1]!.Value), (four[2]!.Value, four[3]!.Value)) : throw c.Invalid(key, expected);
        }

        if (items.Length != 2)
        {
            throw c.Invalid(key, expected);
        }

        (int, int) Axis(JsonElement e)
        {
            if (KerasConfig.AsInt(e) is int both)
            {
                return (both, both);
            }

            var pair = KerasConfig.Items(e)?.Select(KerasConfig.AsInt).ToArray();
            return pair is { Length: 2 } && pair.All(p => p is not null) ? (pair[0]!.Value, pair[1]!.Value) : throw c.Invalid(key, expected);
        }

        return (Axis(items[0]), Axis(items[1]));
    }
}
