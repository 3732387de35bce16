using System.IO.Compression;

namespace OneBatch.IO.Data;

/// <summary>
/// Reads NumPy's <c>.npz</c> format (a zip of <c>.npy</c> files, as <c>np.savez</c> and <c>np.savez_compressed</c>
/// write it). Arrays come back in the order they are stored, named without the <c>.npy</c> suffix.
/// </summary>
public static class NpzReader
{
    public static IReadOnlyList<(string Name, NumpyArray Array)> Read(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path);
        var arrays = new List<(string, NumpyArray)>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                arrays.Add((name, NpyReader.Parse(buffer.ToArray(), $"array '{name}' of '{path}'")));
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"'{path}' is not a valid .npz file (a zip of .npy arrays): {e.Message}", e);
        }

        if (arrays.Count == 0)
        {
            throw new InputException($"'{path}' holds no arrays.");
        }

        return arrays;
    }
}
