namespace OneBatch.IO;

/// <summary>
/// Where an output file may go. A write goes to a temporary file in the target's folder, then a rename over the
/// target, so the target must be a regular file or nothing: a rename over a device (<c>/dev/null</c>), a FIFO or a
/// socket would replace it with a regular file. A symbolic link is followed: the file it leads to is written and the
/// link kept; a link that leads to nothing, or to something that is not a regular file, is refused.
/// </summary>
public static class OutputFile
{
    // The longest part of the target's name kept in a temporary name, so that a target whose name is as long as the
    // file system allows (255 bytes on most) still has a temporary name it allows.
    private const int MaxNameInTemp = 100;

    /// <summary>
    /// The file a write to <paramref name="path"/> goes to: the path itself, or where its symbolic links lead. Throws
    /// an <see cref="IOException"/> whose message is one sentence naming the path when it cannot be written there.
    /// </summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(path) || Directory.Exists(full))
        {
            throw new IOException($"'{path}' is a folder; give a file name.");
        }

        RequireFolder(Path.GetDirectoryName(full)!);
        string target = FinalTarget(full);
        var node = FileNode.Of(target);
        if (target != full && node is null)
        {
            throw new IOException($"'{path}' is a symbolic link to '{target}', which does not exist.");
        }

        if (node is not null && node.Kind != FileNodeKind.RegularFile)
        {
            string what = FileNode.Describe(node.Kind);
            throw new IOException(target == full
                ? $"'{path}' is {what}, not a regular file; give a file name."
                : $"'{path}' leads to '{target}', {what}, not a regular file; give a file name.");
        }

        return target;
    }

    /// <summary>
    /// <see cref="Resolve"/>, then proves the folder can be written by creating and deleting a file in it: for a
    /// command to find an unwritable output before it computes what goes there.
    /// </summary>
    public static string CheckWritable(string path)
    {
        string target = Resolve(path);
        string folder = Path.GetDirectoryName(target)!;
        string probe = TempPath(target);
        try
        {
            new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = Reason(e, probe);
            throw new IOException($"cannot write '{path}': no file can be created in the folder '{folder}' ({reason}).");
        }

        File.Delete(probe);
        return target;
    }

    /// <summary>
    /// True when the two paths name one file: the same device and inode for files that exist (whatever links lead
    /// there, hard links included), else the same name in the same folder.
    /// </summary>
    public static bool Same(string a, string b) => string.Equals(Key(a), Key(b), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>A new temporary name beside <paramref name="target"/>, unique to this call (not only to the process).</summary>
    internal static string TempPath(string target)
    {
        string name = Path.GetFileName(target);
        return Path.Combine(Path.GetDirectoryName(target)!, $".{name[..Math.Min(name.Length, MaxNameInTemp)]}.{Guid.NewGuid():N}.tmp");
    }

    private static void RequireFolder(string folder)
    {
        var node = FileNode.Of(folder);
        if (node is null)
        {
            throw new IOException($"the folder '{folder}' does not exist.");
        }

        if (node.Kind != FileNodeKind.Folder)
        {
            throw new IOException($"'{folder}' is not a folder.");
        }
    }

    // Where a chain of symbolic links ends; the path itself when it is not a link.
    private static string FinalTarget(string full)
    {
        if (new FileInfo(full).LinkTarget is null)
        {
            return full;
        }

        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }

    private static string Key(string path)
    {
        string full = FinalTarget(Path.GetFullPath(path));
        if (FileNode.Of(full) is { } node)
        {
            return node.Identity is null ? "path " + full : "node " + node.Identity;
        }

        string folder = Path.GetDirectoryName(full)!;
        return FileNode.Of(folder)?.Identity is string identity ? $"node {identity}/{Path.GetFileName(full)}" : "path " + full;
    }

    // Why the probe could not be created, without the probe's name, which means nothing to the user. .NET's message
    // on Unix is "Read-only file system : '/x/.y.tmp'" for most errors, a sentence naming the file for the rest.
    private static string Reason(Exception e, string probe)
    {
        if (e is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        if (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "no such file or directory";
        }

        int at = e.Message.IndexOf(" : '", StringComparison.Ordinal);
        return (at < 0 ? e.Message.Replace(probe, Path.GetDirectoryName(probe), StringComparison.Ordinal) : e.Message[..at]).TrimEnd('.');
    }
}
