using OneBatch.IO;

namespace OneBatch.Tests.IO;

/// <summary><see cref="OutputFile"/>: where an output may be written, told in one sentence naming the path when it may not.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ANewFileOrARegularFileIsWrittenWhereItIs()
    {
        Assert.Equal(_dir.File("new.json"), OutputFile.Resolve(_dir.File("new.json")));
        Assert.Equal(_dir.Write("old.json", "old"), OutputFile.Resolve(_dir.File("old.json")));
    }

    [Fact]
    public void ASymbolicLinkIsWrittenWhereItLeads()
    {
        string target = _dir.Write("target.json", "old");
        File.CreateSymbolicLink(_dir.File("link"), target);
        File.CreateSymbolicLink(_dir.File("link2"), _dir.File("link"));
        Assert.Equal(target, OutputFile.Resolve(_dir.File("link2")));
    }

    [Fact]
    public void WhatIsNotARegularFileIsRefused()
    {
        string fifo = SpecialFiles.Fifo(_dir.File("pipe"));
        Assert.Equal($"'{fifo}' is a named pipe (FIFO), not a regular file; give a file name.", Assert.Throws<IOException>(() => OutputFile.Resolve(fifo)).Message);
        Assert.Contains("is a character device", Assert.Throws<IOException>(() => OutputFile.Resolve("/dev/null")).Message);
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => OutputFile.Resolve(_dir.Path)).Message);
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => OutputFile.Resolve(_dir.File("new") + "/")).Message);
        File.CreateSymbolicLink(_dir.File("link"), fifo);
        Assert.Equal($"'{_dir.File("link")}' leads to '{fifo}', a named pipe (FIFO), not a regular file; give a file name.", Assert.Throws<IOException>(() => OutputFile.Resolve(_dir.File("link"))).Message);
    }

    [Fact]
    public void AFolderThatIsMissingOrNotAFolderIsNamed()
    {
        string file = _dir.Write("file.txt", "text");
        Assert.Equal($"'{file}' is not a folder.", Assert.Throws<IOException>(() => OutputFile.Resolve(_dir.File("file.txt/out.json"))).Message);
        Assert.Equal($"the folder '{_dir.File("no")}' does not exist.", Assert.Throws<IOException>(() => OutputFile.Resolve(_dir.File("no/out.json"))).Message);
    }

    [Fact]
    public void ADanglingSymbolicLinkIsRefused()
    {
        File.CreateSymbolicLink(_dir.File("link"), _dir.File("missing"));
        Assert.Contains("which does not exist", Assert.Throws<IOException>(() => OutputFile.Resolve(_dir.File("link"))).Message);
    }

    [Fact]
    public void AWritableFolderIsProvedSoAndLeftAsItWas()
    {
        _dir.Write("old.json", "old");
        Assert.Equal(_dir.File("out.json"), OutputFile.CheckWritable(_dir.File("out.json")));
        Assert.Equal(["old.json"], _dir.Files());
    }

    [Fact]
    public void AFolderEvenRootCannotWriteIsFound()
    {
        string folder = $"/proc/{Environment.ProcessId}";
        var e = Assert.Throws<IOException>(() => OutputFile.CheckWritable(folder + "/out.json"));
        Assert.StartsWith($"cannot write '{folder}/out.json': no file can be created in the folder '{folder}' (", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", e.Message);
    }

    [Fact]
    public void TheSameFileIsFoundUnderAnyName()
    {
        string a = _dir.Write("a.json", "a");
        Directory.CreateDirectory(_dir.File("sub"));
        File.CreateSymbolicLink(_dir.File("link.json"), a);
        File.CreateSymbolicLink(_dir.File("sublink"), _dir.File("sub"));
        SpecialFiles.HardLink(a, _dir.File("hard.json"));
        Assert.True(OutputFile.Same(a, _dir.File("sub/../a.json")));
        Assert.True(OutputFile.Same(a, _dir.File("link.json")));
        Assert.True(OutputFile.Same(a, _dir.File("hard.json")));
        Assert.True(OutputFile.Same(_dir.File("sub/new.json"), _dir.File("sublink/new.json")));
        Assert.False(OutputFile.Same(a, _dir.Write("b.json", "a")));
        Assert.False(OutputFile.Same(_dir.File("new.json"), _dir.File("sub/new.json")));
    }

    [Fact]
    public void EveryTemporaryNameIsNewAndBesideItsTarget()
    {
        string target = _dir.File(new string('r', 250));
        string first = OutputFile.TempPath(target);
        string second = OutputFile.TempPath(target);
        Assert.NotEqual(first, second);
        Assert.Equal(_dir.Path, Path.GetDirectoryName(first));
        Assert.StartsWith(".", Path.GetFileName(first), StringComparison.Ordinal);
        Assert.InRange(Path.GetFileName(first).Length, 1, 255);
    }
}
