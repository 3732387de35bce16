using System.Diagnostics;
using OneBatch.Cli;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

public sealed class NpzBombCheckCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public NpzBombCheckCommandTests() => _dir.Write("m.json", KerasSamples.Keras3);

    public void Dispose() => _dir.Dispose();

    private (int Code, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stderr.ToString());
    }

    private static void AssertOneSentence(int code, string stderr)
    {
        Assert.Equal(ExitCodes.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{stderr}");
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public void AnNpzThatInflatesFarPastWhatItsHeadersAnnounceIsRefusedAtOnce()
    {
        // x: [8, 4] float32 as the model wants, followed by 50 MB of zeros (about 50 KB deflated); y: [8, 3].
        byte[] y = NpyBytes.Create("<f4", [8, 3], NpyBytes.Float32(Enumerable.Range(0, 24).Select(i => i % 3 == 0 ? 1f : 0f).ToArray()));
        _dir.Write("bomb.npz", NpzBytes.Bomb("x.npy", NpyBytes.Create("<f4", [8, 4], NpyBytes.Float32(new float[32])), 50, ("y.npy", y)));

        var clock = Stopwatch.StartNew();
        var (code, err) = Run("check", "--model", "@m.json", "--x", "@bomb.npz", "--steps", "2");
        AssertOneSentence(code, err);
        Assert.Contains("bomb.npz", err);
        Assert.Contains("'x.npy'", err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AnNpzMemberWithAWrongCrcIsRefused()
    {
        byte[] x = NpyBytes.Create("<f4", [8, 4], NpyBytes.Float32(new float[32]));
        byte[] y = NpyBytes.Create("<f4", [8, 3], NpyBytes.Float32(Enumerable.Range(0, 24).Select(i => i % 3 == 0 ? 1f : 0f).ToArray()));
        var zip = NpzBytes.Stored(("x.npy", x), ("y.npy", y));
        NpzBytes.SetCrc(zip, 1, NpzBytes.Crc(zip, 1) + 1);
        _dir.Write("d.npz", zip);

        var (code, err) = Run("check", "--model", "@m.json", "--x", "@d.npz", "--steps", "2");
        AssertOneSentence(code, err);
        Assert.Contains("'y.npy'", err);
        Assert.Contains("CRC-32", err);
    }
}
