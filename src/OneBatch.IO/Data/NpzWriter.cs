using System.IO.Compression;
using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>Writes named tensors as an <c>.npz</c> file (float32 arrays), as <c>np.savez</c> does.</summary>
public static class NpzWriter
{
    public static void Write(string path, IEnumerable<(string Name, Tensor Array)> arrays) =>
        AtomicFile.Write(path, stream => Write(stream, arrays));

    /// <summary>Writes the arrays as <c>arr_0</c>, <c>arr_1</c>, ... (<c>np.savez(path, *arrays)</c>).</summary>
    public static void Write(string path, IEnumerable<Tensor> arrays) =>
        Write(path, arrays.Select((a, i) => ($"arr_{i}", a)));

    public static void Write(Stream stream, IEnumerable<(string Name, Tensor Array)> arrays)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, array) in arrays)
        {
            using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
            NpyWriter.Write(entry, array);
        }
    }
}
