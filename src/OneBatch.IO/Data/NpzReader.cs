using System.Globalization;
using System.IO.Compression;

namespace OneBatch.IO.Data;

/// <summary>
/// Reads NumPy's <c>.npz</c> format (a zip of <c>.npy</c> files, as <c>np.savez</c> and <c>np.savez_compressed</c>
/// write it). Arrays come back in the order they are stored, named without the <c>.npy</c> suffix.
/// </summary>
/// <remarks>
/// Hostile zips are refused by name before they can fill memory: each member's <c>.npy</c> header is read first, and
/// a member whose declared size is not what its header announces, or that holds more, is refused; no member is
/// inflated past the header and data it announces (and one byte, to tell that it holds more). Also refused: a wrong
/// CRC-32, an encrypted member, two members for one array. Folders in the zip are skipped.
/// </remarks>
public static class NpzReader
{
    public static IReadOnlyList<(string Name, NumpyArray Array)> Read(string path) =>
        Visit(path, (name, member, stream, header, source) => (name, ReadMember(member, stream, header, source)));

    /// <summary>The header of every array, read without its data (and without inflating more than the headers).</summary>
    public static IReadOnlyList<(string Name, NpyHeader Header)> ReadHeaders(string path) =>
        Visit(path, (name, _, _, header, _) => (name, header));

    /// <summary>The bytes the arrays take in memory once read (as float32), as their headers announce them.</summary>
    public static long AnnouncedBytes(string path)
    {
        long total = 0;
        foreach (var (_, header) in ReadHeaders(path))
        {
            total = checked(total + header.TensorBytes);
        }

        return total;
    }

    private static List<T> Visit<T>(string path, Func<string, ZipArchiveEntry, Crc32ReadStream, NpyHeader, string, T> visit)
    {
        using var file = InputFile.OpenRead(path);
        var results = new List<T>();
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            foreach (var (name, member) in Members(zip, path))
            {
                string source = $"member '{member.FullName}' of '{path}'";
                using var stream = new Crc32ReadStream(member.Open());
                var header = NpyReader.ReadHeader(stream, source, member.Length);
                if (member.Length != header.TotalBytes)
                {
                    throw new InputException(string.Create(CultureInfo.InvariantCulture,
                        $"{source} declares {member.Length} bytes but its .npy header announces {header.TotalBytes} ({header.HeaderBytes} of header, {header.DataBytes} of data), so it is refused unread."));
                }

                results.Add(visit(name, member, stream, header, source));
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"'{path}' is not a valid .npz file (a zip of .npy arrays): {e.Message}", e);
        }
        catch (IOException e) when (e is not InputException)
        {
            throw new InputException($"'{path}' is not a valid .npz file (a zip of .npy arrays): {e.Message}", e);
        }

        if (results.Count == 0)
        {
            throw new InputException($"'{path}' holds no arrays.");
        }

        return results;
    }

    // The members that hold arrays, each with its array's name, all checked before any is inflated.
    private static List<(string Name, ZipArchiveEntry Member)> Members(ZipArchive zip, string path)
    {
        var members = new List<(string, ZipArchiveEntry)>();
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in zip.Entries)
        {
            if (member.FullName.EndsWith('/'))
            {
                continue;
            }

            ZipMember.CheckNotEncrypted(member, $"member '{member.FullName}' of '{path}'");

            string name = member.FullName.EndsWith(".npy", StringComparison.Ordinal) ? member.FullName[..^4] : member.FullName;
            if (!byName.TryAdd(name, member.FullName))
            {
                throw new InputException($"'{path}' holds array '{name}' twice (members '{byName[name]}' and '{member.FullName}'); save each array once.");
            }

            members.Add((name, member));
        }

        return members;
    }

    private static NumpyArray ReadMember(ZipArchiveEntry member, Crc32ReadStream stream, NpyHeader header, string source)
    {
        var array = NpyReader.ReadData(stream, header, source);
        ZipMember.CheckEnd(member, stream, source);
        return array;
    }
}
