namespace OneBatch.IO;

/// <summary>Writes a file whole or not at all: into a temporary file beside it, then a rename over the target.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        using var staged = Stage(path, write);
        staged.Commit();
    }

    /// <summary>
    /// Writes the content to a temporary file beside <paramref name="path"/> and returns it staged: <see
    /// cref="StagedFile.Commit"/> moves it into place; disposing it uncommitted deletes it. Staging several files before
    /// committing any keeps a failure in one from leaving the others behind.
    /// </summary>
    public static StagedFile Stage(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new IOException($"Cannot write '{path}': the folder '{directory}' does not exist.");
        }

        if (Directory.Exists(full))
        {
            throw new IOException($"Cannot write '{path}': it is a folder.");
        }

        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new StagedFile(temp, full);
    }
}

/// <summary>A file written in full under a temporary name, waiting to be moved into place.</summary>
public sealed class StagedFile(string temp, string target) : IDisposable
{
    private bool _committed;

    public string Target { get; } = target;

    public void Commit()
    {
        File.Move(temp, Target, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed)
        {
            File.Delete(temp);
        }
    }
}
