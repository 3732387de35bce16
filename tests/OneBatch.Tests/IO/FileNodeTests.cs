using OneBatch.IO;

namespace OneBatch.Tests.IO;

/// <summary><see cref="FileNode"/>: what a path names, links followed, where .NET takes a device or a FIFO for a file.</summary>
public sealed class FileNodeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TellsAFileFromAFolderFromAFifo()
    {
        Assert.Equal(FileNodeKind.RegularFile, FileNode.Of(_dir.Write("f", "text"))?.Kind);
        Assert.Equal(FileNodeKind.Folder, FileNode.Of(_dir.Path)?.Kind);
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(SpecialFiles.Fifo(_dir.File("pipe")))?.Kind);
    }

    [Fact]
    public void TellsACharacterDevice()
    {
        // Only examined: nothing here writes near a device.
        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null")?.Kind);
        Assert.True(File.Exists("/dev/null"), ".NET alone takes /dev/null for a file, which is why FileNode exists");
    }

    [Fact]
    public void NothingThereIsNull()
    {
        _dir.Write("f", "text");
        Assert.Null(FileNode.Of(_dir.File("missing")));
        Assert.Null(FileNode.Of(_dir.File("f/under-a-file")));
        File.CreateSymbolicLink(_dir.File("dangling"), _dir.File("missing"));
        Assert.Null(FileNode.Of(_dir.File("dangling")));
    }

    [Fact]
    public void FollowsSymbolicLinks()
    {
        string fifo = SpecialFiles.Fifo(_dir.File("pipe"));
        File.CreateSymbolicLink(_dir.File("link"), fifo);
        File.CreateSymbolicLink(_dir.File("link2"), _dir.File("link"));
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(_dir.File("link2"))?.Kind);
        Assert.Equal(FileNode.Of(fifo)?.Identity, FileNode.Of(_dir.File("link2"))?.Identity);
    }

    [Fact]
    public void TheIdentityIsTheFileNotTheName()
    {
        string a = _dir.Write("a", "text");
        string b = _dir.Write("b", "text");
        string hard = SpecialFiles.HardLink(a, _dir.File("hard"));
        Assert.NotNull(FileNode.Of(a)?.Identity);
        Assert.Equal(FileNode.Of(a)?.Identity, FileNode.Of(hard)?.Identity);
        Assert.NotEqual(FileNode.Of(a)?.Identity, FileNode.Of(b)?.Identity);
    }

    [Fact]
    public void ALinkLoopCannotBeExamined()
    {
        File.CreateSymbolicLink(_dir.File("x"), _dir.File("y"));
        File.CreateSymbolicLink(_dir.File("y"), _dir.File("x"));
        var e = Assert.Throws<IOException>(() => FileNode.Of(_dir.File("x")));
        Assert.Contains("cannot be examined", e.Message);
    }
}
