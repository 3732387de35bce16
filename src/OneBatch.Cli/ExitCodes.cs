namespace OneBatch.Cli;

/// <summary>The exit codes of the command-line contract.</summary>
public static class ExitCodes
{
    public const int Memorized = 0;
    public const int NotMemorized = 1;
    public const int BadInput = 2;
}
