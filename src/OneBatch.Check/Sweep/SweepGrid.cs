using System.Globalization;

namespace OneBatch.Check.Sweep;

/// <summary>
/// The learning rates a sweep tries: a log grid <c>LOW:HIGH:COUNT</c> (COUNT rates from LOW to HIGH, evenly spaced in
/// log10, both ends included exactly) or a comma list of rates. Numbers are read the same way in every culture
/// (<c>1e-3</c>, <c>0.001</c>).
/// </summary>
public static class SweepGrid
{
    /// <summary>Seven rates from 1e-5 to 1.</summary>
    public const string Default = "1e-5:1:7";

    /// <summary>The most rates a sweep takes: each is a whole check per optimizer.</summary>
    public const int MaxCount = 1000;

    /// <summary>
    /// The rates <paramref name="text"/> names, lowest first. A <see cref="FormatException"/> says in one sentence what
    /// is wrong (without naming the option: the caller does).
    /// </summary>
    public static IReadOnlyList<float> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            string[] parts = trimmed.Split(':');
            if (parts.Length != 3)
            {
                throw new FormatException($"'{text}' is neither LOW:HIGH:COUNT (a log grid, such as {Default}) nor a comma list of rates.");
            }

            float low = Rate(parts[0], "LOW");
            float high = Rate(parts[1], "HIGH");
            if (!int.TryParse(parts[2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 2 || count > MaxCount)
            {
                throw new FormatException($"the COUNT of '{text}' must be a whole number from 2 to {MaxCount}; got '{parts[2].Trim()}' (for a single rate, give just the rate).");
            }

            if (!(high > low))
            {
                throw new FormatException($"the HIGH end of '{text}' ({Text(high)}) must be above its LOW end ({Text(low)}).");
            }

            return LogGrid(low, high, count);
        }

        string[] items = trimmed.Split(',');
        if (items.Length > MaxCount)
        {
            throw new FormatException($"'{text}' lists {items.Length} rates; at most {MaxCount} are allowed.");
        }

        var rates = new List<float>(items.Length);
        foreach (string item in items)
        {
            float rate = Rate(item, null);
            if (rates.Contains(rate))
            {
                throw new FormatException($"the rate {Text(rate)} is listed twice in '{text}'.");
            }

            rates.Add(rate);
        }

        rates.Sort();
        return rates;
    }

    /// <summary><paramref name="count"/> rates from <paramref name="low"/> to <paramref name="high"/>, evenly spaced in log10, the ends exact.</summary>
    public static IReadOnlyList<float> LogGrid(float low, float high, int count)
    {
        if (!(low > 0f && float.IsFinite(low)) || !(high > low && float.IsFinite(high)) || count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "A log grid needs 0 < low < high and at least 2 rates.");
        }

        double a = Math.Log10(low);
        double b = Math.Log10(high);
        var rates = new float[count];
        for (int i = 0; i < count; i++)
        {
            rates[i] = (float)Math.Pow(10, a + ((b - a) * i / (count - 1)));
        }

        // Pow of a rounded log is not always the end itself (1e-5 could come back as 9.9999997e-6).
        rates[0] = low;
        rates[^1] = high;
        return rates;
    }

    private static float Rate(string item, string? end)
    {
        string s = item.Trim();
        string what = end is null ? "every rate" : $"the {end} end of the grid";
        if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float rate))
        {
            throw new FormatException(s.Length == 0
                ? $"{what} must be a positive number; one is empty."
                : $"{what} must be a positive number; got '{s}'.");
        }

        if (!(rate > 0f && float.IsFinite(rate)))
        {
            throw new FormatException($"{what} must be a positive number; got '{s}'.");
        }

        return rate;
    }

    private static string Text(float value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
