namespace OneBatch.Kernels;

/// <summary>
/// Per-thread scratch buffers for kernels (packed or transposed panels). A buffer grows to the largest size asked
/// for and is then reused, so kernels allocate nothing in steady state. A kernel must not hold a buffer across a
/// call to another kernel that uses the same slot.
/// </summary>
internal static class Scratch
{
    public const int SlotCount = 5;

    [ThreadStatic]
    private static float[]?[]? t_buffers;

    /// <summary>A buffer of at least <paramref name="length"/> floats for <paramref name="slot"/>; contents are undefined.</summary>
    public static float[] Get(int slot, int length)
    {
        var buffers = t_buffers ??= new float[SlotCount][];
        var b = buffers[slot];
        if (b is null || b.Length < length)
        {
            b = new float[Math.Max(length, 64)];
            buffers[slot] = b;
        }

        return b;
    }
}
