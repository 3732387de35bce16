using System.Buffers.Binary;
using System.IO.Compression;

namespace OneBatch.Tests.Fuzz;

/// <summary>Zip files for the fuzzers (stored or deflated members, duplicates allowed), and edits of their header fields.</summary>
public static class ZipBytes
{
    private const uint LocalHeader = 0x04034b50;
    private const uint CentralHeader = 0x02014b50;

    public static byte[] Create(IEnumerable<(string Name, byte[] Bytes, bool Deflate)> members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes, deflate) in members)
            {
                using var stream = zip.CreateEntry(name, deflate ? CompressionLevel.Fastest : CompressionLevel.NoCompression).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A copy with <paramref name="edit"/> applied to every local and central header (found by signature):
    /// given the header's span and the offsets of its flags, CRC, compressed and uncompressed size fields.
    /// </summary>
    public static byte[] EditHeaders(byte[] zip, Action<Span<byte>, HeaderFields> edit)
    {
        var copy = (byte[])zip.Clone();
        for (int i = 0; i + 30 <= copy.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(i));
            if (signature == LocalHeader)
            {
                edit(copy.AsSpan(i), new HeaderFields(Flags: 6, Crc: 14, Compressed: 18, Uncompressed: 22));
            }
            else if (signature == CentralHeader && i + 46 <= copy.Length)
            {
                edit(copy.AsSpan(i), new HeaderFields(Flags: 8, Crc: 16, Compressed: 20, Uncompressed: 24));
            }
        }

        return copy;
    }

    /// <summary>Where a zip header keeps the fields the fuzzers lie about.</summary>
    public readonly record struct HeaderFields(int Flags, int Crc, int Compressed, int Uncompressed);
}
