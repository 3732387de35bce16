using System.Globalization;
using System.Text.RegularExpressions;

namespace OneBatch.Cli;

/// <summary>
/// A memory size as <c>--max-memory</c> takes it: plain bytes (<c>1000000</c>), or a number with a unit, decimal
/// (<c>512M</c>, <c>2G</c>, <c>1.5GB</c>, <c>800kB</c>: powers of 1000, as the sizes OneBatch prints) or binary
/// (<c>512MiB</c>, <c>2Gi</c>: powers of 1024). Read culture-invariant and strictly: <c>1,5G</c> is an error.
/// </summary>
internal static partial class MemorySize
{
    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<u>[kmgt]?i?b?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The size in bytes; a <see cref="UsageException"/> naming <paramref name="option"/> when it is not one.</summary>
    public static long Parse(string text, string option = "--max-memory")
    {
        var m = Pattern().Match(text.Trim());
        string unit = m.Success ? m.Groups["u"].Value.ToLowerInvariant() : string.Empty;
        bool binary = unit.Contains('i', StringComparison.Ordinal);
        int power = unit.Length == 0 || unit == "b" ? 0 : "kmgt".IndexOf(unit[0], StringComparison.Ordinal) + 1;
        bool wellFormed = m.Success && !(binary && power == 0);
        if (!wellFormed || !double.TryParse(m.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n))
        {
            throw new UsageException($"{option}: '{text}' is not a size; give bytes or a number with a unit, such as 512M, 2G or 1.5GB.");
        }

        double bytes = n * Math.Pow(binary ? 1024 : 1000, power);
        if (bytes < 1 || bytes >= long.MaxValue)
        {
            throw new UsageException($"{option}: '{text}' is not a size of at least 1 byte.");
        }

        return (long)bytes;
    }
}
