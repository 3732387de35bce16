namespace OneBatch.IO.Data;

/// <summary>
/// CRC-32 as zip records it for each member (IEEE 802.3: reflected polynomial 0xEDB88320, register and result
/// inverted). Table-driven, a byte at a time: enough for the members of an <c>.npz</c>.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = MakeTable();

    public static uint Compute(ReadOnlySpan<byte> bytes) => Append(0, bytes);

    /// <summary>The CRC of the bytes <paramref name="crc"/> was computed over, followed by <paramref name="bytes"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        uint c = ~crc;
        foreach (byte b in bytes)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
