using System.Globalization;

namespace OneBatch.Check.Diagnostics;

/// <summary>Evidence values as JSON-safe, readable objects: numbers to 4 significant digits, non-finite ones as strings.</summary>
internal static class EvidenceValues
{
    public static object Number(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    public static string Text(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A ratio between learning rates, such as <c>100x</c> or <c>3.2x</c>.</summary>
    public static string Factor(double ratio) =>
        (ratio >= 10 ? Math.Round(ratio).ToString("N0", CultureInfo.InvariantCulture) : ratio.ToString("G2", CultureInfo.InvariantCulture)) + "x";

    public static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>A per-layer map (layer name to number), in layer order.</summary>
    public static IReadOnlyDictionary<string, object> PerLayer(IEnumerable<(string Layer, double Value)> values)
    {
        var map = new Dictionary<string, object>();
        foreach (var (layer, value) in values)
        {
            map[layer] = Number(value);
        }

        return map;
    }
}
