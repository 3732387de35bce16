using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
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
            WriteError(stderr, "no command given: run 'onebatch demo regression', 'onebatch check --model ...', or 'onebatch --help'.");
            return ExitCodes.BadInput;
        }

        // No response files: "@FILE" would be replaced by the words FILE holds, so a file whose name starts with '@'
        // could not be given, and a model file given that way would be read as arguments.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            // What is wrong with an option (a bad value, in OptionValue's sentence naming the option) is the most useful
            // thing to name: "--x --y y.npy" also leaves 'y.npy' unrecognized. Then an unrecognized word (not
            // "Required command was not provided").
            var error = parsed.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult)
                ?? parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
                ?? parsed.Errors[0];
            WriteError(stderr, error.Message);
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Not bad input and not a verdict: a failure of OneBatch itself, still one line and no stack trace.
            WriteError(stderr, $"internal error ({e.GetType().Name}): {e.Message} Please report it.");
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
            WriteError(stderr, $"{(e.Part is string part ? $"--{part}: " : string.Empty)}{e.Message}");
            return ExitCodes.BadInput;
        }
        catch (MemoryBudgetException e)
        {
            // A demo's model, built in code: the check refuses it before training.
            WriteError(stderr, e.UserLimit ? $"--max-memory: {e.Message}" : e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException)
        {
            // Bad usage, or a file that cannot be read or written. An ArgumentException from the engine once the input
            // was loaded and checked is not the user's: it goes on to be reported as an internal error.
            WriteError(stderr, e.Message);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// Writes the one line of an exit 2 or exit 3. What the message echoes (an argument, a file name, a layer name from
    /// a model file) may hold a newline or another control character; escaped, the error stays one line a script can read.
    /// </summary>
    private static void WriteError(TextWriter stderr, string message) => stderr.WriteLine($"onebatch: {OneLine(message)}");

    /// <summary><paramref name="text"/> with each control character (and U+2028, U+2029) escaped: <c>\n</c>, <c>\t</c>, else <c>\uXXXX</c>.</summary>
    internal static string OneLine(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var line = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            line.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                _ when NeedsEscape(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return line.ToString();
    }

    // Control characters (C0, DEL, C1 such as NEL) and the Unicode line and paragraph separators all break a line somewhere.
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
