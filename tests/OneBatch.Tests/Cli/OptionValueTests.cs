using System.CommandLine;
using OneBatch.Cli;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary><see cref="OptionValue"/>: each parser on one option of a small command, without running anything.</summary>
public sealed class OptionValueTests
{
    private readonly Option<float?> _rate = new("--rate") { CustomParser = OptionValue.OptionalFloat };
    private readonly Option<float> _end = new("--end") { CustomParser = OptionValue.Float, DefaultValueFactory = _ => 10f };
    private readonly Option<int> _count = new("--count") { CustomParser = OptionValue.Int, DefaultValueFactory = _ => 7 };
    private readonly Option<string?> _file = new("--file") { CustomParser = OptionValue.FileName };
    private readonly Option<string> _names = new("--names") { CustomParser = OptionValue.Text, DefaultValueFactory = _ => "a,b" };
    private readonly Option<bool> _quiet = new("--quiet", "-q");

    [Theory]
    [InlineData("0.001", 0.001f)]
    [InlineData("1e-3", 0.001f)]
    [InlineData("1E3", 1000f)]
    [InlineData(".5", 0.5f)]
    [InlineData("-1", -1f)]
    [InlineData("+2", 2f)]
    [InlineData(" 0.25 ", 0.25f)]
    public void ReadsANumberWithAPoint(string text, float expected)
    {
        var parse = Parse("--rate", text);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue(_rate));
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("1.000,5")]
    [InlineData("1,000.5")]
    [InlineData("0x10")]
    [InlineData("1_0")]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("(1)")]
    public void RefusesAnythingElseNamingTheOptionAndTheValue(string text)
    {
        var parse = Parse("--rate", text);

        Assert.Equal(
            $"--rate must be a number written with a point for decimals and no thousands separators (such as 0.001 or 1e-3); got '{text}'.",
            Assert.Single(parse.Errors).Message);
    }

    [Fact]
    public void AnOptionWithADefaultKeepsItWhenNotGiven()
    {
        var parse = Parse();

        Assert.Empty(parse.Errors);
        Assert.Null(parse.GetValue(_rate));
        Assert.Equal(10f, parse.GetValue(_end));
        Assert.Equal(7, parse.GetValue(_count));
        Assert.Equal("a,b", parse.GetValue(_names));
    }

    [Theory]
    [InlineData("5000", 5000)]
    [InlineData("-1", -1)]
    [InlineData("+3", 3)]
    public void ReadsAWholeNumber(string text, int expected)
    {
        var parse = Parse("--count", text);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue(_count));
    }

    [Theory]
    [InlineData("1,000")]
    [InlineData("1.000")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("")]
    public void RefusesAWholeNumberWithASeparatorOrAFraction(string text)
    {
        Assert.Equal(
            $"--count must be a whole number written without separators (such as 5000); got '{text}'.",
            Assert.Single(Parse("--count", text).Errors).Message);
    }

    [Fact]
    public void SaysAWholeNumberOutOfRangeIsOutOfRange()
    {
        Assert.Equal(
            "--count must be a whole number from -2147483648 to 2147483647; got '99999999999'.",
            Assert.Single(Parse("--count", "99999999999").Errors).Message);
    }

    [Theory]
    [InlineData("--rate", "a number")]
    [InlineData("--end", "a number")]
    [InlineData("--count", "a number")]
    [InlineData("--file", "a file name")]
    [InlineData("--names", "a value")]
    public void RefusesAnOptionGivenAsTheValue(string option, string expected)
    {
        foreach (string value in new[] { "--quiet", "-q", "--anything" })
        {
            var parse = Parse(option, value);

            Assert.Contains($"{option} expects {expected} but got '{value}', which is an option; give {option} its value.", parse.Errors.Select(e => e.Message));
        }
    }

    [Theory]
    [InlineData("-")]
    [InlineData("-x.npy")]
    [InlineData("a--b.npy")]
    public void TakesAFileNameThatOnlyStartsWithADash(string name)
    {
        var parse = Parse("--file", name);

        Assert.Empty(parse.Errors);
        Assert.Equal(name, parse.GetValue(_file));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    public void RefusesAnEmptyFileName(string name)
    {
        Assert.Equal("--file: the file name is empty.", Assert.Single(Parse("--file", name).Errors).Message);
    }

    [Fact]
    public void SaysAMissingFileNameThatWasNotUtf8IsNotUtf8()
    {
        using var dir = new TempFolder();
        string missing = dir.File("x\uFFFD.npy");
        Assert.Equal(
            $"--file: the file name is not valid UTF-8 ('{missing}'), so it cannot be opened; rename the file.",
            Assert.Single(Parse("--file", missing).Errors).Message);

        // A name holding U+FFFD itself is a name like any other.
        string present = dir.Write("y\uFFFD.npy", "data");
        Assert.Equal(present, Parse("--file", present).GetValue(_file));
    }

    private ParseResult Parse(params string[] args)
    {
        var command = new RootCommand { _rate, _end, _count, _file, _names, _quiet };
        return command.Parse(args);
    }
}
