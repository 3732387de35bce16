using OneBatch.Cli;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// Runs a <see cref="FuzzCase"/> in-process in a fresh temp folder and judges it by the CLI's contract: exit 0, 1 or 2
/// only; exit 2 one line on standard error; never a stack trace; nothing left but the inputs (and, on 0 or 1, the
/// outputs asked for); no input replaced; allocation under <see cref="FuzzOutcome.MaxAllocatedBytes"/>.
/// </summary>
public static class FuzzContract
{
    public static FuzzOutcome Run(FuzzCase fuzzCase)
    {
        string dir = Path.Combine(Path.GetTempPath(), "onebatch-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var file in fuzzCase.Files)
            {
                File.WriteAllBytes(Path.Combine(dir, file.Name), file.Bytes);
            }

            string[] args = fuzzCase.Args.Select(a => a.Replace(FuzzCase.Dir, dir, StringComparison.Ordinal)).ToArray();
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = -1;
            Exception? escaped = null;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            try
            {
                code = OneBatchCli.Run(args, stdout, stderr, interactive: false);
            }
            catch (Exception e)
            {
                escaped = e;
            }

            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            return new FuzzOutcome(code, stdout.ToString(), stderr.ToString(), escaped, fuzzCase.Files, fuzzCase.Outputs, Entries(dir), allocated)
            {
                Unread = fuzzCase.Files.Select(f => f.Name).Where(name => !IsRead(fuzzCase, name)).ToHashSet(StringComparer.Ordinal),
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs the case and fails with every violation and the case when it broke the contract.</summary>
    public static void Check(FuzzCase fuzzCase)
    {
        var violations = Run(fuzzCase).Violations();
        if (violations.Count > 0)
        {
            Assert.Fail(string.Join("; ", violations));
        }
    }

    // Named by an argument other than the value of --report or --plot, of a command that reads files (not a demo).
    private static bool IsRead(FuzzCase fuzzCase, string name)
    {
        var args = fuzzCase.Args;
        if (args.Contains("demo"))
        {
            return false;
        }

        for (int i = 0; i < args.Count; i++)
        {
            bool output = i > 0 && args[i - 1] is "--report" or "--plot";
            if (!output && args[i].Contains(name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Every file and folder under dir, by its path relative to dir ('/'-separated); a file's bytes, a folder's null.
    private static Dictionary<string, byte[]?> Entries(string dir)
    {
        var entries = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetRelativePath(dir, path).Replace(Path.DirectorySeparatorChar, '/');
            entries[name] = File.Exists(path) ? File.ReadAllBytes(path) : null;
        }

        return entries;
    }
}
