using System.Buffers.Binary;
using System.IO.Compression;

namespace OneBatch.Tests.IO;

/// <summary>
/// Builds .npz bytes (a zip of members) and patches the fields of a member's local and central headers, so the reader
/// can be tested on zips that lie about their sizes, carry a wrong CRC or claim to be encrypted.
/// </summary>
public static class NpzBytes
{
    public static byte[] Create(params (string Name, byte[] Content, CompressionLevel Level)[] members)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in members)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A zip bomb: one deflated member holding <paramref name="npy"/> followed by <paramref name="megabytes"/> MB of
    /// zeros (about a thousandth of that once deflated), written a megabyte at a time, which zlib does fast; then the
    /// <paramref name="others"/>, stored.
    /// </summary>
    public static byte[] Bomb(string name, byte[] npy, int megabytes, params (string Name, byte[] Content)[] others)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            stream.Write(npy);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < megabytes; i++)
            {
                stream.Write(zeros);
            }
        }

        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var (otherName, content) in others)
            {
                using var stream = zip.CreateEntry(otherName, CompressionLevel.NoCompression).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A stored member each.</summary>
    public static byte[] Stored(params (string Name, byte[] Content)[] members) =>
        Create(members.Select(m => (m.Name, m.Content, CompressionLevel.NoCompression)).ToArray());

    public static void SetCrc(byte[] zip, int member, uint crc) => Patch(zip, member, 14, 16, span => BinaryPrimitives.WriteUInt32LittleEndian(span, crc));

    public static void SetUncompressedSize(byte[] zip, int member, uint size) =>
        Patch(zip, member, 22, 24, span => BinaryPrimitives.WriteUInt32LittleEndian(span, size));

    public static void SetFlags(byte[] zip, int member, ushort flags) => Patch(zip, member, 6, 8, span => BinaryPrimitives.WriteUInt16LittleEndian(span, flags));

    public static uint Crc(byte[] zip, int member) => BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(Central(zip, member) + 16));

    // Writes a field at its offset in the member's local header and at its offset in the member's central header.
    private static void Patch(byte[] zip, int member, int localOffset, int centralOffset, Action<Span<byte>> write)
    {
        int central = Central(zip, member);
        int local = BinaryPrimitives.ReadInt32LittleEndian(zip.AsSpan(central + 42));
        write(zip.AsSpan(local + localOffset));
        write(zip.AsSpan(central + centralOffset));
    }

    private static int Central(byte[] zip, int member)
    {
        int end = zip.Length - 22;
        int at = BinaryPrimitives.ReadInt32LittleEndian(zip.AsSpan(end + 16));
        for (int i = 0; i < member; i++)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return at;
    }
}
