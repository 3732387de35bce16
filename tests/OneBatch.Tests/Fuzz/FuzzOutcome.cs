namespace OneBatch.Tests.Fuzz;

/// <summary>
/// What one fuzz case did: the exit code, what it printed, the folder's entries before and after (names relative to
/// it, with each input's bytes after the run) and the bytes allocated; <see cref="Violations"/> judges it.
/// </summary>
public sealed record FuzzOutcome(
    int ExitCode,
    string Stdout,
    string Stderr,
    Exception? Escaped,
    IReadOnlyList<FuzzFile> Inputs,
    IReadOnlyList<string> OutputsAsked,
    IReadOnlyDictionary<string, byte[]?> EntriesAfter,
    long AllocatedBytes)
{
    /// <summary>
    /// The files in the folder that the run does not read (named by no argument but --report or --plot, or the run is a
    /// demo): one the arguments ask for as an output may be written on exit 0 or 1, as a user's old report is.
    /// </summary>
    public IReadOnlySet<string> Unread { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The most a case may allocate (all threads): the inputs are tiny, so this only trips on a runaway size.</summary>
    public const long MaxAllocatedBytes = 1L << 30;

    /// <summary>Every way the run broke the CLI's contract; empty when it kept it.</summary>
    public IReadOnlyList<string> Violations()
    {
        var found = new List<string>();
        if (Escaped is not null)
        {
            found.Add($"an exception escaped OneBatchCli.Run: {Escaped.GetType().Name}: {Escaped.Message}");
        }
        else if (ExitCode is not (0 or 1 or 2))
        {
            found.Add($"exit code {ExitCode}: {FirstLine(Stderr)}");
        }

        if ((Stdout + Stderr).Contains("   at ", StringComparison.Ordinal))
        {
            found.Add("a stack trace was printed");
        }

        if (ExitCode == 2)
        {
            string message = Stderr.TrimEnd('\n');
            if (message.Length == 0)
            {
                found.Add("exit 2 printed nothing on standard error");
            }
            else if (message.Contains('\n') || message.Contains('\r'))
            {
                found.Add($"exit 2 printed {message.Split('\n').Length} lines on standard error: {Escape(message)}");
            }
        }

        var allowed = Inputs.Select(f => f.Name).Concat(ExitCode is 0 or 1 ? OutputsAsked : []).ToHashSet(StringComparer.Ordinal);
        foreach (string entry in EntriesAfter.Keys.Where(e => !allowed.Contains(e)).Order(StringComparer.Ordinal))
        {
            found.Add($"{Escape(entry)} was left in the folder after exit {ExitCode}");
        }

        foreach (var input in Inputs)
        {
            if (!EntriesAfter.TryGetValue(input.Name, out var after) || after is null)
            {
                found.Add($"input {Escape(input.Name)} was removed");
            }
            else if (!after.AsSpan().SequenceEqual(input.Bytes) && !(Unread.Contains(input.Name) && ExitCode is 0 or 1 && OutputsAsked.Contains(input.Name)))
            {
                found.Add($"input {Escape(input.Name)} was replaced");
            }
        }

        if (AllocatedBytes > MaxAllocatedBytes)
        {
            found.Add($"allocated {AllocatedBytes:N0} bytes, over the bound of {MaxAllocatedBytes:N0}");
        }

        return found;
    }

    private static string FirstLine(string s) => Escape(s.Split('\n')[0]);

    private static string Escape(string s) => System.Text.Json.JsonSerializer.Serialize(s.Length > 600 ? s[..600] : s);
}
