using System.Text;
using OneBatch.IO;

namespace OneBatch.Tests.IO;

/// <summary>
/// <see cref="AtomicFile"/>: a file written whole or not at all, renamed into place only over a regular file or over
/// nothing, and never leaving a temporary file behind.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Action<Stream> Text(string text) => stream => stream.Write(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void WritesAFileAndLeavesNothingElse()
    {
        string path = _dir.File("out.json");
        AtomicFile.Write(path, Text("new"));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["out.json"], _dir.Files());
    }

    [Fact]
    public void ReplacesARegularFile()
    {
        string path = _dir.Write("out.json", "old");
        AtomicFile.Write(path, Text("new"));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["out.json"], _dir.Files());
    }

    [Fact]
    public void TwoStagingsOfOnePathDoNotShareATemporaryFile()
    {
        string path = _dir.File("out.json");
        using var first = AtomicFile.Stage(path, Text("first"));
        using var second = AtomicFile.Stage(path, Text("second"));
        first.Commit();
        Assert.Equal("first", File.ReadAllText(path));
        second.Commit();
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["out.json"], _dir.Files());
    }

    [Fact]
    public void AWriteThatFailsLeavesNothing()
    {
        string path = _dir.File("out.json");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new InvalidOperationException("the writer failed");
        }));
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void AStagedFileNotCommittedLeavesNothing()
    {
        string path = _dir.Write("out.json", "old");
        using (AtomicFile.Stage(path, Text("new")))
        {
        }

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["out.json"], _dir.Files());
    }

    [Fact]
    public void AFifoIsNotReplaced()
    {
        string fifo = SpecialFiles.Fifo(_dir.File("pipe"));
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(fifo, Text("new")));
        Assert.Contains("named pipe", e.Message);
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo)?.Kind);
        Assert.Equal(["pipe"], _dir.Files());
    }

    [Fact]
    public void ASymbolicLinkToAFifoIsNotReplaced()
    {
        string fifo = SpecialFiles.Fifo(_dir.File("pipe"));
        string link = _dir.File("link");
        File.CreateSymbolicLink(link, fifo);
        Assert.Throws<IOException>(() => AtomicFile.Write(link, Text("new")));
        Assert.Equal(fifo, new FileInfo(link).LinkTarget);
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo)?.Kind);
        Assert.Equal(["link", "pipe"], _dir.Files());
    }

    [Fact]
    public void ASymbolicLinkToAFileIsWrittenThroughAndKept()
    {
        string target = _dir.Write("target.json", "old");
        string link = _dir.File("link.json");
        File.CreateSymbolicLink(link, target);
        AtomicFile.Write(link, Text("new"));
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(["link.json", "target.json"], _dir.Files());
    }

    [Fact]
    public void AFileWhoseNameIsAsLongAsTheSystemAllowsIsWritten()
    {
        string path = _dir.File(new string('r', 250) + ".json");
        AtomicFile.Write(path, Text("new"));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(_dir.Files());
    }
}
