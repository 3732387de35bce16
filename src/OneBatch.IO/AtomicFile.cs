namespace OneBatch.IO;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it, then a rename over the target, which must be a
/// regular file or nothing (<see cref="OutputFile.Resolve"/>: a symbolic link is written through, a device or a FIFO
/// refused).
/// </summary>
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
    /// committing any keeps a failure in one from leaving the others behind. Each staging has its own temporary file,
    /// so two of one path do not collide.
    /// </summary>
    public static StagedFile Stage(string path, Action<Stream> write)
    {
        string target = OutputFile.Resolve(path);
        string temp = OutputFile.TempPath(target);
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new StagedFile(temp, target);
    }
}

/// <summary>A file written in full under a temporary name, waiting to be moved into place.</summary>
public sealed class StagedFile(string temp, string target) : IDisposable
{
    private bool _committed;

    /// <summary>The file the content goes to: the path given, or the file its symbolic links lead to.</summary>
    public string Target { get; } = target;

    public void Commit()
    {
        // Checked again at the last moment: what is at the target may have changed since it was staged.
        OutputFile.Resolve(Target);
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
