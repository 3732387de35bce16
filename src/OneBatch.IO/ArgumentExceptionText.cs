namespace OneBatch.IO;

/// <summary>Engine errors as the one sentence a user reads.</summary>
internal static class ArgumentExceptionText
{
    /// <summary>The message without the " (Parameter 'x')" that .NET appends when the exception names a parameter.</summary>
    public static string Sentence(this ArgumentException e) =>
        e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", string.Empty, StringComparison.Ordinal) : e.Message;
}
