using OneBatch.Cli;

namespace OneBatch.Tests.Cli;

/// <summary><see cref="OneBatchCli.OneLine"/>: what an exit 2 or 3 echoes is escaped so the error stays one line.</summary>
public sealed class OneLineErrorTests
{
    [Theory]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData("a\r\nb", @"a\u000D\nb")]
    [InlineData("a\u0000b\u001Bc\u007F", @"a\u0000b\u001Bc\u007F")]
    [InlineData("a\u0085b", @"a\u0085b")]
    [InlineData("a\u2028b\u2029", @"a\u2028b\u2029")]
    public void EscapesEveryCharacterThatBreaksALine(string text, string expected)
    {
        Assert.Equal(expected, OneBatchCli.OneLine(text));
    }

    [Theory]
    [InlineData("--x: the file 'données/x.npy' does not exist.")]
    [InlineData(@"C:\data\x.npy")]
    [InlineData("x\uFFFD.npy")]
    [InlineData("")]
    public void LeavesAnyOtherTextAsItIs(string text)
    {
        Assert.Same(text, OneBatchCli.OneLine(text));
    }
}
