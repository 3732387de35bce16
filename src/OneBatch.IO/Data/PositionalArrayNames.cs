namespace OneBatch.IO.Data;

/// <summary>
/// <c>np.savez(path, *arrays)</c> names the arrays <c>arr_0</c>, <c>arr_1</c>, ...: their order, read from the ASCII
/// digits after <c>arr_</c> (not any Unicode digit) into a 64-bit position.
/// </summary>
internal static class PositionalArrayNames
{
    /// <summary>
    /// The arrays in the order of their positions, or null when some name is not <c>arr_</c> and ASCII digits;
    /// <paramref name="source"/> names the file in the sentence that refuses a position beyond 64 bits or two names
    /// for one position.
    /// </summary>
    public static IReadOnlyList<(string Name, T Array)>? InOrder<T>(IReadOnlyList<(string Name, T Array)> arrays, string source)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (!arrays.All(a => IsPositional(a.Name)))
        {
            return null;
        }

        var positions = arrays.Select(a => Position(a.Name, source)).ToArray();
        var order = Enumerable.Range(0, arrays.Count).OrderBy(i => positions[i]).ToArray();
        for (int k = 1; k < order.Length; k++)
        {
            if (positions[order[k]] == positions[order[k - 1]])
            {
                throw new InputException($"{source} holds arrays '{arrays[order[k - 1]].Name}' and '{arrays[order[k]].Name}', both at position {positions[order[k]]}; np.savez names each position once.");
            }
        }

        return order.Select(i => arrays[i]).ToArray();
    }

    private static bool IsPositional(string name) =>
        name.Length > 4 && name.StartsWith("arr_", StringComparison.Ordinal) && name.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0;

    private static long Position(string name, string source)
    {
        long position = 0;
        foreach (char c in name.AsSpan(4))
        {
            if (position > (long.MaxValue - (c - '0')) / 10)
            {
                throw new InputException($"{source}: array '{name}' has a position beyond 64 bits, which np.savez never writes; name the arrays arr_0, arr_1, ... in order.");
            }

            position = (position * 10) + (c - '0');
        }

        return position;
    }
}
