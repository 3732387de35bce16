using System.Globalization;

namespace OneBatch.Tensors;

/// <summary>
/// A size that no tensor can have: more elements than one .NET array holds (<see cref="MaxElements"/>), or a size
/// whose arithmetic overflows. An <see cref="ArgumentException"/>, so that what refuses a user's shapes (a model file's
/// reader) reports it as bad input; <see cref="Layers.Layer"/> adds the layer's name.
/// </summary>
public sealed class TensorSizeException : ArgumentException
{
    /// <summary>The most elements one tensor holds: the longest float array .NET allocates.</summary>
    public static long MaxElements => Array.MaxLength;

    public TensorSizeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Set once a layer has put its name in the message.</summary>
    public bool NamesLayer { get; init; }

    /// <summary>The error for a tensor of <paramref name="dims"/>, which hold more than <see cref="MaxElements"/> values.</summary>
    public static TensorSizeException TooLarge(ReadOnlySpan<int> dims, string what = "a tensor")
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new string[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            parts[i] = dims[i].ToString("N0", inv);
        }

        return new TensorSizeException(
            $"{what} of {string.Join(" x ", parts)} = {Describe(Product(dims))} values is more than one tensor can hold ({MaxElements.ToString("N0", inv)}).");
    }

    /// <summary>The product of <paramref name="dims"/> as a double: exact below 2^53, and never overflowing.</summary>
    public static double Product(ReadOnlySpan<int> dims)
    {
        double p = 1;
        foreach (int d in dims)
        {
            p *= d;
        }

        return p;
    }

    private static string Describe(double count) =>
        count < 1e15 ? count.ToString("N0", CultureInfo.InvariantCulture) : count.ToString("0.###E+0", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="a"/> times <paramref name="b"/> (both at least 0) when the product is a length one array can
    /// have; a <see cref="TensorSizeException"/> naming <paramref name="what"/> otherwise.
    /// </summary>
    public static int CheckedLength(long a, long b, string what)
    {
        if (a < 0 || b < 0 || (a != 0 && b > MaxElements / a))
        {
            throw new TensorSizeException(
                $"{what} of {a.ToString("N0", CultureInfo.InvariantCulture)} x {b.ToString("N0", CultureInfo.InvariantCulture)} values is more than one tensor can hold ({MaxElements.ToString("N0", CultureInfo.InvariantCulture)}).");
        }

        return (int)(a * b);
    }
}
