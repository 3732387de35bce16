using OneBatch.Cli;

namespace OneBatch.Tests.Cli;

public sealed class MemorySizeTests
{
    [Theory]
    [InlineData("1000000", 1_000_000L)]
    [InlineData("512M", 512_000_000L)]
    [InlineData("2G", 2_000_000_000L)]
    [InlineData("1.5GB", 1_500_000_000L)]
    [InlineData("800kB", 800_000L)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("512 MiB", 512L << 20)]
    [InlineData("64b", 64L)]
    [InlineData("2Gi", 2L << 30)]
    public void ReadsBytesAndUnits(string text, long bytes) => Assert.Equal(bytes, MemorySize.Parse(text));

    [Theory]
    [InlineData("1,5G")]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("-1G")]
    [InlineData("2X")]
    [InlineData("0")]
    [InlineData("1e9")]
    [InlineData("99999999999T")]
    public void RefusesAnythingElseNamingTheOption(string text)
    {
        var e = Assert.Throws<UsageException>(() => MemorySize.Parse(text));
        Assert.StartsWith("--max-memory: ", e.Message, StringComparison.Ordinal);
    }
}
