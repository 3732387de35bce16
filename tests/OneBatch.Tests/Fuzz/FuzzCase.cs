using System.Text;

namespace OneBatch.Tests.Fuzz;

/// <summary>An input file of a fuzz case: its name in the case's folder and its bytes.</summary>
public sealed record FuzzFile(string Name, byte[] Bytes);

/// <summary>
/// One generated run of the CLI: the files written into a fresh folder, the arguments (<c>{dir}</c> stands for that
/// folder) and the output names the arguments ask for (--report, --plot), the only files a run may add.
/// </summary>
public sealed record FuzzCase(string Kind, IReadOnlyList<FuzzFile> Files, IReadOnlyList<string> Args, IReadOnlyList<string> Outputs)
{
    public const string Dir = "{dir}";

    /// <summary>The folder placeholder followed by a file name, as an argument.</summary>
    public static string InDir(string name) => Dir + "/" + name;

    /// <summary>What CsCheck prints for a failing case: the arguments, then each file as text when it is, else as hex.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Kind).Append(": onebatch ").AppendJoin(' ', Args.Select(Quote)).AppendLine();
        foreach (var file in Files)
        {
            text.Append("  ").Append(file.Name).Append(" (").Append(file.Bytes.Length).Append(" bytes): ");
            bool printable = file.Bytes.All(b => b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t');
            text.AppendLine(printable
                ? Shorten(Encoding.ASCII.GetString(file.Bytes), 1500)
                : Shorten(Convert.ToHexString(file.Bytes), 1500));
        }

        return text.ToString();
    }

    private static string Quote(string arg) => System.Text.Json.JsonSerializer.Serialize(arg);

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + $"... ({s.Length} chars)";
}
