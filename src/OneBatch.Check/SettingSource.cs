namespace OneBatch.Check;

/// <summary>
/// Where one setting of a check came from, for the report: <see cref="File"/> (the model file: its compiled optimizer
/// and loss, its weights), <see cref="CommandLine"/> (or the caller's code), or <see cref="Default"/>.
/// </summary>
/// <param name="Name">The setting, named as in the report: <c>optimizer</c>, <c>learningRate</c>, <c>loss</c>, <c>initialWeights</c>, ...</param>
/// <param name="Value">Its value as text.</param>
/// <param name="From"><c>file</c>, <c>command line</c> or <c>default</c>.</param>
public sealed record SettingSource(string Name, string Value, string From)
{
    public const string File = "file";
    public const string CommandLine = "command line";
    public const string Default = "default";
}
