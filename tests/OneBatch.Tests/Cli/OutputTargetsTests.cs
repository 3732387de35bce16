using OneBatch.Cli;
using OneBatch.IO;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary>
/// Where <c>--report</c> and <c>--plot</c> may be written, checked by every command that writes them before it trains:
/// never over a device, a FIFO or a folder, never over an input of the run, never both to one file, only into a
/// folder that can be written, a plot only as .png; and whatever the exit, no file left behind.
/// </summary>
public sealed class OutputTargetsTests : IDisposable
{
    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["demo"] = ["demo", "regression", "--steps", "3"],
        ["check"] = ["check", "--model", "@model.json", "--steps", "3"],
        ["sweep demo"] = ["sweep", "demo", "regression", "--optimizers", "sgd", "--lrs", "0.01", "--steps", "3"],
        ["sweep model"] = ["sweep", "--model", "@model.json", "--optimizers", "sgd", "--lrs", "0.01", "--steps", "3"],
        ["lr-find demo"] = ["lr-find", "demo", "regression", "--num-steps", "6"],
        ["lr-find model"] = ["lr-find", "--model", "@model.json", "--num-steps", "6"],
    };

    private readonly TempFolder _dir = new();

    public OutputTargetsTests() => _dir.Write("model.json", SeedModelJson.Regression);

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> CommandNames() => [.. Commands.Keys];

    public static TheoryData<string, string> CommandsAndOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (string command in Commands.Keys)
        {
            data.Add(command, "--report");
            data.Add(command, "--plot");
        }

        return data;
    }

    private static string FileFor(string option) => option == "--plot" ? "out.png" : "out.json";

    [Theory]
    [MemberData(nameof(CommandsAndOptions))]
    public void AFifoIsRefusedBeforeTrainingAndKept(string command, string option)
    {
        string fifo = SpecialFiles.Fifo(_dir.File(FileFor(option)));
        var (code, output, err) = Run(command, option, fifo);
        AssertRefusedBeforeTraining(code, output, err, option, "named pipe");
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo)?.Kind);
        Assert.Equal(["model.json", FileFor(option)], _dir.Files());
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--plot")]
    public void ASymbolicLinkToAFifoIsRefusedAndBothAreKept(string option)
    {
        string fifo = SpecialFiles.Fifo(_dir.File("pipe"));
        string link = _dir.File(FileFor(option));
        File.CreateSymbolicLink(link, fifo);
        var (code, output, err) = Run("demo", option, link);
        AssertRefusedBeforeTraining(code, output, err, option, "named pipe");
        Assert.Equal(fifo, new FileInfo(link).LinkTarget);
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo)?.Kind);
        Assert.Equal(["model.json", FileFor(option), "pipe"], _dir.Files());
    }

    [Fact]
    public void ADanglingSymbolicLinkIsRefusedAndKept()
    {
        string link = _dir.File("out.json");
        File.CreateSymbolicLink(link, _dir.File("nowhere.json"));
        var (code, output, err) = Run("demo", "--report", link);
        AssertRefusedBeforeTraining(code, output, err, "--report", "does not exist");
        Assert.Equal(_dir.File("nowhere.json"), new FileInfo(link).LinkTarget);
        Assert.Equal(["model.json", "out.json"], _dir.Files());
    }

    [Fact]
    public void ASymbolicLinkToARegularFileIsWrittenThroughAndKept()
    {
        string target = _dir.Write("target.json", "old");
        string link = _dir.File("out.json");
        File.CreateSymbolicLink(link, target);
        var (code, _, err) = Run("demo", "--report", link, "--quiet");
        Assert.True(code == ExitCodes.NotMemorized, err);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.StartsWith("{", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(["model.json", "out.json", "target.json"], _dir.Files());
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--plot")]
    public void AFolderIsRefusedBeforeTraining(string option)
    {
        string folder = Directory.CreateDirectory(_dir.File(FileFor(option))).FullName;
        var (code, output, err) = Run("demo", option, folder);
        AssertRefusedBeforeTraining(code, output, err, option, "is a folder");
        Assert.True(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("--model", "check")]
    [InlineData("--model", "sweep model")]
    [InlineData("--model", "lr-find model")]
    [InlineData("--x", "check")]
    [InlineData("--y", "check")]
    [InlineData("--weights", "check")]
    public void AnInputOfTheRunIsNotOverwritten(string input, string command)
    {
        string path = input == "--model" ? _dir.File("model.json") : _dir.Write("input.bin", "not read");
        string[] extra = input switch
        {
            "--model" => [],
            "--y" => ["--x", _dir.Write("x.bin", "not read"), "--y", path],
            _ => [input, path],
        };
        var (code, output, err) = Run(command, [.. extra, "--report", path]);
        AssertRefusedBeforeTraining(code, output, err, "--report", $"the {input} file");
        Assert.Equal(input == "--model" ? SeedModelJson.Regression : "not read", File.ReadAllText(path));
    }

    [Fact]
    public void TheModelUnderAnotherNameIsNotOverwrittenEither()
    {
        string model = _dir.File("model.json");
        Directory.CreateDirectory(_dir.File("sub"));
        File.CreateSymbolicLink(_dir.File("link.json"), model);
        SpecialFiles.HardLink(model, _dir.File("hard.json"));
        SpecialFiles.HardLink(model, _dir.File("hard.png"));
        foreach (string other in new[] { _dir.File("sub/../model.json"), _dir.File("link.json"), _dir.File("hard.json") })
        {
            var (code, output, err) = Run("check", "--report", other);
            AssertRefusedBeforeTraining(code, output, err, "--report", "the --model file");
        }

        var (plotCode, plotOutput, plotErr) = Run("check", "--plot", "@hard.png");
        AssertRefusedBeforeTraining(plotCode, plotOutput, plotErr, "--plot", "the --model file");
        Assert.Equal(SeedModelJson.Regression, File.ReadAllText(model));
        Assert.Equal(["hard.json", "hard.png", "link.json", "model.json"], _dir.Files());
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void TheReportAndThePlotMustBeTwoFiles(string command)
    {
        var (code, output, err) = Run(command, "--report", "@out.png", "--plot", "@out.png");
        AssertRefusedBeforeTraining(code, output, err, "--plot", "same file");
        Assert.Equal(["model.json"], _dir.Files());
    }

    [Fact]
    public void TheReportAndThePlotMustBeTwoFilesUnderAnyName()
    {
        string target = _dir.Write("target.png", "old");
        File.CreateSymbolicLink(_dir.File("link.png"), target);
        var (code, output, err) = Run("demo", "--report", "@link.png", "--plot", "@target.png");
        AssertRefusedBeforeTraining(code, output, err, "--plot", "same file");
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(["link.png", "model.json", "target.png"], _dir.Files());
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void AFolderThatCannotBeWrittenIsFoundBeforeTraining(string command)
    {
        // Even root cannot create a file among a process's /proc entries: permission bits would not stop it.
        string path = $"/proc/{Environment.ProcessId}/out.json";
        var (code, output, err) = Run(command, "--report", path);
        AssertRefusedBeforeTraining(code, output, err, "--report", $"'/proc/{Environment.ProcessId}'");
        Assert.Equal(["model.json"], _dir.Files());
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--plot")]
    public void AFolderThatIsAFileIsNamedAsSuch(string option)
    {
        _dir.Write("file.txt", "text");
        var (code, output, err) = Run("demo", option, "@file.txt/" + FileFor(option));
        AssertRefusedBeforeTraining(code, output, err, option, "is not a folder");
        Assert.Equal("text", File.ReadAllText(_dir.File("file.txt")));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void ThePlotMustBeAPng(string command)
    {
        var (code, output, err) = Run(command, "--plot", "@out.svg");
        AssertRefusedBeforeTraining(code, output, err, "--plot", "must end in .png");
        Assert.Equal(["model.json"], _dir.Files());
    }

    [Fact]
    public void ThePlotExtensionIsReadInAnyCase()
    {
        var (code, _, err) = Run("demo", "--plot", "@OUT.PNG", "--quiet");
        Assert.True(code == ExitCodes.NotMemorized, err);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(_dir.File("OUT.PNG"))[..4]);
        Assert.Equal(["OUT.PNG", "model.json"], _dir.Files());
    }

    [Fact]
    public void TheDeviceNullIsNotARegularFile()
    {
        // Only classified, never written: a rename over it would replace the machine's /dev/null.
        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null")?.Kind);
    }

    [Fact]
    public void AReportThatFailsToWriteLeavesNeitherFile()
    {
        // Exit 3: the writer's own failure goes on as it is, with nothing left behind.
        Assert.Throws<InvalidOperationException>(() => OutputTargets.Write(
            _dir.File("out.json"), _ => throw new InvalidOperationException("the report failed"), _dir.File("out.png"), () => [1, 2, 3]));
        Assert.Equal(["model.json"], _dir.Files());
    }

    [Fact]
    public void APlotThatFailsToRenderLeavesNeitherFile()
    {
        Assert.Throws<InvalidOperationException>(() => OutputTargets.Write(
            _dir.File("out.json"), stream => stream.WriteByte(1), _dir.File("out.png"), () => throw new InvalidOperationException("the plot failed")));
        Assert.Equal(["model.json"], _dir.Files());
    }

    [Fact]
    public void APlotThatCannotBeWrittenAfterTheRunLeavesNoReportEither()
    {
        // What was checked before training changed under the run: the plot's path is now a FIFO.
        SpecialFiles.Fifo(_dir.File("out.png"));
        var e = Assert.Throws<UsageException>(() => OutputTargets.Write(_dir.File("out.json"), stream => stream.WriteByte(1), _dir.File("out.png"), () => [1, 2, 3]));
        Assert.StartsWith($"--plot: cannot write '{_dir.File("out.png")}': ", e.Message, StringComparison.Ordinal);
        Assert.Equal(["model.json", "out.png"], _dir.Files());
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(_dir.File("out.png"))?.Kind);
    }

    private static void AssertRefusedBeforeTraining(int code, string output, string err, string option, string reason)
    {
        Assert.True(code == ExitCodes.BadInput, $"exit {code}: {output}{err}");
        Assert.Equal(string.Empty, output);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"onebatch: {option}", err, StringComparison.Ordinal);
        Assert.Contains(reason, err, StringComparison.Ordinal);
    }

    private (int Code, string Out, string Err) Run(string command, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] all = [.. Commands[command], .. args];
        int code = OneBatchCli.Run(all.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
