namespace OneBatch.Cli;

/// <summary>The exit codes of the command-line contract.</summary>
public static class ExitCodes
{
    public const int Memorized = 0;
    public const int NotMemorized = 1;
    public const int BadInput = 2;

    /// <summary>A failure of OneBatch itself (a bug), reported in one line.</summary>
    public const int InternalError = 3;
}
