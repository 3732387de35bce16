using System.IO.Compression;
using OneBatch.IO.Data;

namespace OneBatch.Tests.IO;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void KnownValues(string text, uint crc) => Assert.Equal(crc, Crc32.Compute(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void AppendingInPiecesGivesTheSameAsAtOnce()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Append(Crc32.Append(0, bytes.AsSpan(0, 4)), bytes.AsSpan(4)));
    }

    [Fact]
    public void AgreesWithTheCrcAZipStores()
    {
        var content = Enumerable.Range(0, 4000).Select(i => (byte)((i * 7919) >> 3)).ToArray();
        var zip = NpzBytes.Create(("a", content, CompressionLevel.Optimal));
        Assert.Equal(NpzBytes.Crc(zip, 0), Crc32.Compute(content));
    }
}
