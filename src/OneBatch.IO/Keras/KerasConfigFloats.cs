using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>
/// Numbers given as one or as many, as preprocessing and augmentation layers take them: a number (<c>0.1</c>), a list
/// or tuple (<c>[-0.1, 0.2]</c>, Keras 2's <c>__tuple__</c>), nested lists (a per-pixel mean), or Keras 3's serialized
/// array <c>{"class_name": "__numpy__", "config": {"value": [...]}}</c>; always read flat, in row-major order.
/// </summary>
internal static class KerasConfigFloats
{
    /// <summary>The numbers under <paramref name="key"/>, flattened; null when absent or null.</summary>
    public static float[]? Floats(this KerasConfig c, string key)
    {
        if (c.Get(key) is not { } v)
        {
            return null;
        }

        var values = new List<float>();
        return Collect(v, values, depth: 0) ? values.ToArray() : throw c.Invalid(key, "a number or a list of numbers");
    }

    private static bool Collect(JsonElement v, List<float> values, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetDouble(out double d) || !double.IsFinite(d))
            {
                return false;
            }

            values.Add((float)d);
            return true;
        }

        // Keras 3 writes a NumPy array as {"class_name": "__numpy__", "config": {"value": ..., "dtype": ...}}.
        if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("value", out var value))
        {
            return Collect(value, values, depth + 1);
        }

        if (KerasConfig.Items(v) is not { } items)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (!Collect(item, values, depth + 1))
            {
                return false;
            }
        }

        return true;
    }
}
