namespace OneBatch.IO;

/// <summary>
/// A file given as input cannot be used: missing, unreadable, corrupt, or holding something OneBatch cannot take.
/// The message is one sentence naming the file and what is wrong.
/// </summary>
public sealed class InputException(string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>Which input the problem is in, when a reader of several can tell (<c>x</c> or <c>y</c> for a batch).</summary>
    public string? Part { get; init; }
}
