using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary><c>onebatch check</c> on a Keras 3 text classifier: Embedding -> Conv1D -> MaxPooling1D -> GlobalMaxPooling1D -> Dense.</summary>
public sealed class SequenceCheckCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public SequenceCheckCommandTests()
    {
        var random = new RandomGenerator(4);
        _dir.Write("text.json", KerasSequenceLayersJsonTests.TextKeras3);
        NpyWriter.Write(_dir.File("ids.npy"), random.Integers(new Shape(8, 20), 1, 50));
        NpyWriter.Write(_dir.File("labels.npy"), random.Integers(new Shape(8), 0, 3));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ATextClassifierFromKeras3IsMemorizedWithTheLossOfItsCompileConfig()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(
            ["check", "--model", _dir.File("text.json"), "--x", _dir.File("ids.npy"), "--y", _dir.File("labels.npy"), "--lr", "0.01"], stdout, stderr, interactive: false);
        string output = stdout.ToString();
        Assert.True(code == ExitCodes.Memorized, output + stderr);
        // The layer table's columns stay aligned past the longest kind, GlobalMaxPooling1D.
        var rows = output.Split('\n').Where(line => line.StartsWith("  embedding ", StringComparison.Ordinal) || line.StartsWith("  global_max_pooling1d ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(rows[0].IndexOf("400", StringComparison.Ordinal) + 2, rows[1].IndexOf(" 0 ", StringComparison.Ordinal) + 1);
        Assert.Contains("GlobalMaxPooling1D ", output);
    }
}
