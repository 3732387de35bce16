namespace OneBatch.IO.Data;

/// <summary>Reads or opens an input file, turning every way it can fail into one clear <see cref="InputException"/>.</summary>
internal static class InputFile
{
    public static byte[] ReadAllBytes(string path)
    {
        CheckExists(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The file as a stream, to be read as far as needed rather than all at once.</summary>
    public static FileStream OpenRead(string path)
    {
        CheckExists(path);
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    private static void CheckExists(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"'{path}' is a folder, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new InputException($"'{path}' does not exist.");
        }
    }
}
