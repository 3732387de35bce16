using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OneBatch.Cli;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary>
/// Hostile arguments (issue 13, group 5): numbers read the same way in every culture and strictly, empty file names,
/// an option where a value should be, control characters in what an error echoes, and file names that are not UTF-8.
/// Each is exit 2 with one line naming the option, before anything is trained or written.
/// </summary>
public sealed class HostileArgumentsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public HostileArgumentsTests()
    {
        SampleBatchFiles.Write(_dir);
        _dir.Write("m.json", KerasSamples.Keras3);
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[], string, string> NumbersWithACommaOrSeparator() => new()
    {
        { ["demo", "regression", "--lr", "1,5"], "--lr", "1,5" },
        { ["demo", "regression", "--momentum", "0,5"], "--momentum", "0,5" },
        { ["demo", "regression", "--clipnorm", "1,5"], "--clipnorm", "1,5" },
        { ["demo", "regression", "--weight-decay", "0,1"], "--weight-decay", "0,1" },
        { ["demo", "regression", "--steps", "1,000"], "--steps", "1,000" },
        { ["demo", "regression", "--seed", "1,5"], "--seed", "1,5" },
        { ["check", "--model", "@m.json", "--batch-size", "1,000"], "--batch-size", "1,000" },
        { ["lr-find", "demo", "regression", "--start-lr", "1,5"], "--start-lr", "1,5" },
        { ["lr-find", "demo", "regression", "--end-lr", "1,5"], "--end-lr", "1,5" },
        { ["lr-find", "demo", "regression", "--num-steps", "1,000"], "--num-steps", "1,000" },
        { ["sweep", "demo", "regression", "--steps", "1,000"], "--steps", "1,000" },
        { ["sweep", "demo", "regression", "--lrs", "1e-5:1,5:3"], "--lrs", "1,5" },
        { ["demo", "regression", "--steps", "1_000"], "--steps", "1_000" },
        { ["demo", "regression", "--steps", "0x10"], "--steps", "0x10" },
        { ["demo", "regression", "--lr", "1.000,5"], "--lr", "1.000,5" },
        { ["demo", "regression", "--lr", "(1)"], "--lr", "(1)" },
        { ["demo", "regression", "--steps", "1.0"], "--steps", "1.0" },
    };

    [Theory]
    [MemberData(nameof(NumbersWithACommaOrSeparator))]
    public void ANumberWithACommaOrAThousandsSeparatorIsBadUsageNamingTheOptionAndTheValue(string[] args, string option, string value)
    {
        var (code, _, err) = Run([.. args, "--report", "@r.json"]);

        AssertOneLine(code, err);
        Assert.Contains(option, err);
        Assert.Contains($"'{value}'", err);
        Assert.False(File.Exists(_dir.File("r.json")));
    }

    [Theory]
    [MemberData(nameof(NumbersWithACommaOrSeparator))]
    public void ABadNumberGivesTheSameSentenceInACultureWithADecimalComma(string[] args, string option, string value)
    {
        string invariant = Run(args).Err;
        string german = InDecimalCommaCulture(() => Run(args).Err);

        Assert.Contains(option, german);
        Assert.Contains(value, german);
        Assert.Equal(invariant, german);
    }

    [Fact]
    public void ARateIsReadWithAPointInACultureWithADecimalComma()
    {
        // In de-DE the point is the thousands separator: read in the current culture, 0.5 would be 5.
        var (code, output, err) = InDecimalCommaCulture(() => Run("demo", "regression", "--lr", "0.5", "--momentum", "0.25", "--optimizer", "sgd", "--steps", "1", "--quiet", "--report", "-"));

        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized, err);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(0.5, report.RootElement.GetProperty("learningRate").GetDouble(), 1e-9);
        Assert.Equal(0.25, report.RootElement.GetProperty("optimizerConfig").GetProperty("momentum").GetDouble(), 1e-9);
    }

    [Fact]
    public void AnOutOfRangeNumberIsEchoedTheSameWayInEveryCulture()
    {
        string invariant = Run("demo", "regression", "--momentum", "1.5").Err;
        string comma = InDecimalCommaCulture(() => Run("demo", "regression", "--momentum", "1.5").Err);

        Assert.Equal("onebatch: --momentum must be in [0, 1]; got 1.5." + Environment.NewLine, invariant);
        Assert.Equal(invariant, comma);
        Assert.Equal(Run("demo", "regression", "--steps", "-3").Err, InDecimalCommaCulture(() => Run("demo", "regression", "--steps", "-3").Err));
    }

    [Theory]
    [InlineData("--model", "")]
    [InlineData("--x", "")]
    [InlineData("--y", " ")]
    [InlineData("--weights", "")]
    [InlineData("--report", "")]
    [InlineData("--report", "  ")]
    [InlineData("--plot", "")]
    public void AnEmptyFileNameIsBadUsageNamingTheOption(string option, string value)
    {
        var args = new List<string> { "check", "--model", "@m.json", "--x", "@x.npy", "--y", "@y.npy" };
        int at = args.IndexOf(option);
        if (at < 0)
        {
            args.AddRange([option, value]);
        }
        else
        {
            args[at + 1] = value;
        }

        var (code, _, err) = Run([.. args]);

        AssertOneLine(code, err);
        Assert.Equal($"onebatch: {option}: the file name is empty.", err.TrimEnd());
        Assert.Equal(["m.json", "x.npy", "y.npy"], _dir.Files());
    }

    [Fact]
    public void AnOptionGivenWhereAFileNameShouldBeIsBadUsageNamingBoth()
    {
        var (code, _, err) = Run("check", "--model", "@m.json", "--x", "--y", "@y.npy");

        AssertOneLine(code, err);
        Assert.Equal("onebatch: --x expects a file name but got '--y', which is an option; give --x its value.", err.TrimEnd());
    }

    [Theory]
    [InlineData("--x", "-q")]
    [InlineData("--x", "--quiet")]
    [InlineData("--report", "--steps")]
    [InlineData("--model", "-h")]
    [InlineData("--lr", "--steps")]
    [InlineData("--seed", "-q")]
    [InlineData("--optimizer", "--lr")]
    [InlineData("--loss", "--from-logits")]
    public void AnyOptionGivenAnotherOptionAsItsValueIsBadUsage(string option, string value)
    {
        string[] model = option == "--model" ? [] : ["--model", "@m.json"];
        var (code, _, err) = Run(["check", .. model, option, value, "--steps", "1"]);

        AssertOneLine(code, err);
        Assert.Contains($"{option} expects ", err);
        Assert.Contains($"but got '{value}', which is an option; give {option} its value.", err);
    }

    [Theory]
    [InlineData("--lrs")]
    [InlineData("--optimizers")]
    public void ASweepOptionGivenAnotherOptionAsItsValueIsBadUsage(string option)
    {
        var (code, _, err) = Run("sweep", "demo", "regression", option, "--steps", "3");

        AssertOneLine(code, err);
        Assert.Contains($"but got '--steps', which is an option; give {option} its value.", err);
    }

    [Fact]
    public void ANegativeSeedIsStillASeed()
    {
        var (code, output, err) = Run("demo", "regression", "--seed", "-1", "--steps", "1", "--quiet", "--report", "-");

        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized, err);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(-1, report.RootElement.GetProperty("seed").GetInt32());
    }

    [Fact]
    public void ANegativeRateIsStillOutOfRangeRatherThanAnOption()
    {
        var (code, _, err) = Run("demo", "regression", "--lr", "-1e-3");

        AssertOneLine(code, err);
        Assert.Equal("onebatch: --lr must be a positive number; got -0.001.", err.TrimEnd());
    }

    [Fact]
    public void AnOptionValueHoldingANewlineIsEchoedEscapedOnOneLine()
    {
        var (code, _, err) = Run("demo", "regression", "--optimizer", "ad\nam\t\u0001");

        AssertOneLine(code, err);
        Assert.Contains(@"'ad\nam\t\u0001'", err);
    }

    [Fact]
    public void AFileNameHoldingANewlineIsEchoedEscapedOnOneLine()
    {
        var (code, _, err) = Run("check", "--model", "no\nsuch.json");

        AssertOneLine(code, err);
        Assert.Contains(@"no\nsuch.json", err);
    }

    [Fact]
    public void AnUnrecognizedArgumentHoldingANewlineIsEchoedEscapedOnOneLine()
    {
        var (code, _, err) = Run("demo", "regression", "--frob\r\nnicate");

        AssertOneLine(code, err);
        Assert.Contains(@"--frob\u000D\nnicate", err);
    }

    [Fact]
    public void ALayerNameHoldingANewlineIsEchoedEscapedOnOneLine()
    {
        _dir.Write("bad.json", """
            {"class_name": "Sequential", "config": {"name": "seq", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}},
              {"class_name": "Dense", "config": {"name": "bad\nname\tx", "units": 3, "activation": "frobnicate"}}]}}
            """);

        var (code, _, err) = Run("check", "--model", "@bad.json");

        AssertOneLine(code, err);
        Assert.Contains(@"'bad\nname\tx'", err);
    }

    [Fact]
    public void AMissingFileWhoseNameWasNotUtf8IsSaidToBeSo()
    {
        // .NET reads an argument holding bytes that are not UTF-8 with U+FFFD in their place.
        string path = _dir.File("x\uFFFD.npy");

        var (code, _, err) = Run("check", "--model", "@m.json", "--x", path, "--y", "@y.npy");

        AssertOneLine(code, err);
        Assert.Equal($"onebatch: --x: the file name is not valid UTF-8 ('{path}'), so it cannot be opened; rename the file.", err.TrimEnd());
    }

    [Fact]
    public async Task AFileNamedByBytesThatAreNotUtf8IsSaidToBeSoByTheRealCommand()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows passes arguments as UTF-16: no argument can hold bytes that are not UTF-8.
        }

        // bash makes the file named by the bytes 'x', 0xFF, '.npy' and passes those bytes to onebatch (built beside
        // the tests), then removes the file: .NET could not name it to delete it.
        const string Script = """
            cp x.npy $'x\xff.npy' || exit 99
            "$1" "$2" check --model m.json --x $'x\xff.npy' --y y.npy --quiet
            code=$?
            rm -f $'x\xff.npy'
            exit $code
            """;
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            Environment = { ["LC_ALL"] = "C.UTF-8" }, // so the child writes its errors in UTF-8 whatever the machine's locale
        };
        foreach (string arg in new[] { "-c", Script, "bash", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "onebatch.dll") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string err = await error;
        AssertOneLine(process.ExitCode, err);
        Assert.Equal("onebatch: --x: the file name is not valid UTF-8 ('x\uFFFD.npy'), so it cannot be opened; rename the file.", err.TrimEnd());
        Assert.Empty(await output);
        Assert.Equal(["m.json", "x.npy", "y.npy"], _dir.Files());
    }

    [Fact]
    public void AFileWhoseNameHoldsTheReplacementCharacterItselfIsRead()
    {
        File.Copy(_dir.File("x.npy"), _dir.File("x\uFFFD.npy"));

        var (code, _, err) = Run("check", "--model", "@m.json", "--x", "@x\uFFFD.npy", "--y", "@y.npy", "--steps", "1", "--quiet");

        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized, err);
    }

    [Fact]
    public void AnArgumentStartingWithAnAtSignIsNotReadAsAFileOfArguments()
    {
        // The parser would read "@FILE" as a response file, replacing it by the words FILE holds: a file whose name starts
        // with '@' could not be given, and a model file given that way would be taken for arguments.
        string arguments = _dir.Write("args.txt", "demo\nregression\n--steps\n1\n");

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(["@" + arguments], stdout, stderr, interactive: false);

        AssertOneLine(code, stderr.ToString());
        Assert.Contains($"'@{arguments}'", stderr.ToString());
        Assert.Empty(stdout.ToString());
    }

    private static void AssertOneLine(int code, string err)
    {
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.True(err.EndsWith(Environment.NewLine, StringComparison.Ordinal), err);
        Assert.True(err.IndexOf('\n', StringComparison.Ordinal) == err.Length - 1, $"expected one line on stderr:\n{err}");
        Assert.DoesNotContain(err[..^Environment.NewLine.Length], c => char.IsControl(c));
        Assert.StartsWith("onebatch: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", err);
    }

    // The tests run with InvariantGlobalization (as onebatch does), where de-DE cannot be loaded: this is its number
    // format (a decimal comma, a point between thousands) with sv-SE's minus sign (U+2212), made by hand.
    private static T InDecimalCommaCulture<T>(Func<T> action)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
