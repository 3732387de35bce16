using OneBatch.IO;

namespace OneBatch.Cli;

/// <summary>
/// The files a command writes, <c>--report</c> and <c>--plot</c>: checked before anything is loaded or trained (each
/// one a regular file or nothing, in a folder that can be written, not an input of the run, not the other one; the
/// plot a .png), and written both or neither once the run is over. Every command that writes goes through here.
/// </summary>
internal static class OutputTargets
{
    /// <summary>Checks the outputs on their own and against each other; a null path (or the report's <c>-</c>) is none.</summary>
    public static void Check(string? report, string? plot)
    {
        report = report is CheckSettings.StandardOutput ? null : report;
        if (plot is not null && !plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--plot: '{plot}' must end in .png: the plot is a PNG image.");
        }

        Guard("--report", report, OutputFile.CheckWritable);
        Guard("--plot", plot, OutputFile.CheckWritable);
        if (report is not null && plot is not null && OutputFile.Same(report, plot))
        {
            throw new UsageException($"--plot: '{plot}' is the same file as --report '{report}'; give each its own file.");
        }
    }

    /// <summary>Checks that no output would replace a file the run reads.</summary>
    public static void CheckNotInputs(string? report, string? plot, CheckFiles files)
    {
        (string Option, string? Path)[] inputs = [("--model", files.Model), ("--x", files.X), ("--y", files.Y), ("--weights", files.Weights)];
        foreach (var (option, path) in new[] { ("--report", report is CheckSettings.StandardOutput ? null : report), ("--plot", plot) })
        {
            if (path is null)
            {
                continue;
            }

            foreach (var input in inputs)
            {
                if (input.Path is not null && Guard(option, path, p => OutputFile.Same(p, input.Path!)))
                {
                    throw new UsageException($"{option}: '{path}' is the {input.Option} file; writing there would replace it: give another file.");
                }
            }
        }
    }

    /// <summary>
    /// Writes the report and the plot: both in full under temporary names before either is moved into place, so a
    /// failure in one (exit 2 or 3) leaves neither behind. The plot is rendered only when it is wanted.
    /// </summary>
    public static void Write(string? report, Action<Stream> writeReport, string? plot, Func<byte[]> renderPlot)
    {
        byte[]? png = plot is null ? null : renderPlot();
        using var reportFile = Guard("--report", report, p => AtomicFile.Stage(p, writeReport), writing: true);
        using var plotFile = Guard("--plot", plot, p => AtomicFile.Stage(p, stream => stream.Write(png)), writing: true);
        Guard("--report", report, _ => Commit(reportFile), writing: true);
        Guard("--plot", plot, _ => Commit(plotFile), writing: true);
    }

    private static bool Commit(StagedFile? file)
    {
        file?.Commit();
        return true;
    }

    // A file that cannot be examined or written is the user's to fix: one sentence naming the option. Nothing is done
    // for an output not asked for (a null path).
    private static T? Guard<T>(string option, string? path, Func<string, T> action, bool writing = false)
    {
        if (path is null)
        {
            return default;
        }

        try
        {
            return action(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(writing ? $"{option}: cannot write '{path}': {e.Message}" : $"{option}: {e.Message}");
        }
    }
}
