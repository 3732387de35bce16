using System.Globalization;
using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>The hostile numbers and strings every fuzz generator draws from.</summary>
public static class FuzzValues
{
    /// <summary>Sizes no machine holds, or that overflow 32 or 64 bits, as JSON/Python number text.</summary>
    public static readonly string[] HugeSizes =
        ["2147483647", "2147483648", "4294967296", "4294967297", "65537", "1099511627776", "9223372036854775807", "99999999999999999999999"];

    /// <summary>A number field replaced: zero, negative, huge, out of float range, fractional.</summary>
    public static Gen<string> Number { get; } = Gen.OneOf<string>(
        Gen.OneOf("0", "-1", "-5", "1e308", "-1e308", "1e-320", "0.5", "2.5", "1e10", "-0", "3"),
        Gen.OneOf(HugeSizes));

    /// <summary>Floats a data file may hold: ordinary values and NaN, infinities, huge and tiny ones.</summary>
    public static Gen<double> DataValue { get; } = Gen.Frequency<double>(
        (8, Gen.Double[-3, 3]),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300, 3.4e38, 1e-310, 0.0, -0.0, 1e9)));

    /// <summary>Names with control characters, quotes, slashes, non-ASCII digits and other odd text.</summary>
    public static Gen<string> OddName { get; } = Gen.OneOf<string>(
        Gen.OneOf("a\nb", "x\r\ny", "tab\there", "nul\0", "esc\u001b[31m", "\"quoted\"", "a/b", "..", "", " ", "arr_\u0665", "arr_" + new string('9', 40), "é", "\u202Eevil", "dense"),
        Gen.Char.Array[1, 12].Select(c => new string(c)));

    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
