using System.CommandLine;
using OneBatch.Check;
using OneBatch.IO;

namespace OneBatch.Cli;

/// <summary>
/// The <c>onebatch</c> command: parses arguments, runs the check with progress, prints the result and returns the
/// exit code (0 memorized, 1 not memorized, 2 bad usage or bad input: one sentence, never a stack trace).
/// </summary>
public static class OneBatchCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var options = new CommonOptions();
        var root = new RootCommand("OneBatch: prove a model and its training loop can learn by memorizing one fixed batch.");
        root.Subcommands.Add(DemoCommand.Create(options, stdout, stderr, interactive));
        root.Subcommands.Add(CheckCommand.Create(options, stdout, stderr, interactive));
        root.Subcommands.Add(SweepCommand.Create(options, stdout, stderr, interactive));
        root.Subcommands.Add(LrFindCommand.Create(options, stdout, stderr));

        if (args.Length == 0)
        {
            stderr.WriteLine("onebatch: no command given: run 'onebatch demo regression', 'onebatch check --model ...', or 'onebatch --help'.");
            return ExitCodes.BadInput;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // An unrecognized word is the most useful thing to name (not "Required command was not provided").
            var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            stderr.WriteLine($"onebatch: {error.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Not bad input and not a verdict: a failure of OneBatch itself, still one line and no stack trace.
            stderr.WriteLine($"onebatch: internal error ({e.GetType().Name}): {e.Message} Please report it.");
            return ExitCodes.InternalError;
        }
    }

    internal static int Guarded(TextWriter stderr, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (InputException e)
        {
            stderr.WriteLine($"onebatch: {(e.Part is string part ? $"--{part}: " : string.Empty)}{e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException or MemoryBudgetException)
        {
            // Bad usage, or a file that cannot be read or written. An ArgumentException from the engine once the input
            // was loaded and checked is not the user's: it goes on to be reported as an internal error.
            stderr.WriteLine($"onebatch: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
