namespace OneBatch.Cli;

/// <summary>Bad usage or bad input: printed as one sentence, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
