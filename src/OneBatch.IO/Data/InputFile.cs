namespace OneBatch.IO.Data;

/// <summary>Reads a whole input file, turning every way it can fail into one clear <see cref="InputException"/>.</summary>
internal static class InputFile
{
    public static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"'{path}' is a folder, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new InputException($"'{path}' does not exist.");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"'{path}' cannot be read: {e.Message}", e);
        }
    }
}
