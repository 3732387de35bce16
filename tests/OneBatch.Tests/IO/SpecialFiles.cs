using System.Diagnostics;

namespace OneBatch.Tests.IO;

/// <summary>Files .NET cannot make: a FIFO (named pipe) and a hard link, made by the system's own commands.</summary>
internal static class SpecialFiles
{
    public static string Fifo(string path)
    {
        Command("mkfifo", path);
        return path;
    }

    public static string HardLink(string existing, string link)
    {
        Command("ln", existing, link);
        return link;
    }

    private static void Command(string name, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(name, args) { RedirectStandardError = true })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} {string.Join(' ', args)}: {error}");
    }
}
