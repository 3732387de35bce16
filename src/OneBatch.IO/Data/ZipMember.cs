using System.Globalization;
using System.IO.Compression;

namespace OneBatch.IO.Data;

/// <summary>
/// The checks every zip member read by OneBatch passes (the arrays of a <c>.npz</c>, the files of a <c>.keras</c>): not
/// encrypted, no more bytes than it declares (so a bomb is never inflated past its declared size), and its CRC-32.
/// </summary>
internal static class ZipMember
{
    /// <summary>Refuses an encrypted member, before anything is inflated.</summary>
    public static void CheckNotEncrypted(ZipArchiveEntry member, string source)
    {
        if (member.IsEncrypted)
        {
            throw new InputException($"{source} is encrypted; OneBatch reads only unencrypted zips.");
        }
    }

    /// <summary>
    /// Once the declared bytes were read from <paramref name="stream"/>: refuses a member that holds more, or whose
    /// bytes do not match the CRC-32 the zip records.
    /// </summary>
    public static void CheckEnd(ZipArchiveEntry member, Crc32ReadStream stream, string source)
    {
        if (stream.ReadByte() >= 0)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{source} holds more than the {member.Length} bytes it declares, so it is refused rather than inflated further."));
        }

        if (stream.Crc != member.Crc32)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{source} fails its CRC-32 check (the zip records {member.Crc32:x8}, its bytes give {stream.Crc:x8}): the file is corrupt."));
        }
    }

    /// <summary>The member's bytes: exactly as many as it declares, checked as <see cref="CheckEnd"/> says.</summary>
    public static byte[] ReadAll(ZipArchiveEntry member, string source)
    {
        CheckNotEncrypted(member, source);
        if (member.Length > Array.MaxLength)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{source} declares {member.Length} bytes, more than OneBatch can hold in one piece ({Array.MaxLength})."));
        }

        var bytes = new byte[member.Length];
        using var stream = new Crc32ReadStream(member.Open());
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0)
            {
                throw new InputException(string.Create(CultureInfo.InvariantCulture,
                    $"{source} is truncated: it declares {member.Length} bytes and holds {read}."));
            }

            read += n;
        }

        CheckEnd(member, stream, source);
        return bytes;
    }
}
