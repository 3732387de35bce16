using System.IO.Compression;
using OneBatch.IO;
using OneBatch.IO.Data;

namespace OneBatch.Tests.IO;

public sealed class ZipMemberTests
{
    private static readonly byte[] Content = "{\"class_name\": \"Sequential\"}"u8.ToArray();

    private static byte[] Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return ZipMember.ReadAll(archive.Entries[0], "config.json of 'm.keras'");
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void AnHonestMemberReadsWhole(CompressionLevel level) =>
        Assert.Equal(Content, Read(NpzBytes.Create(("config.json", Content, level))));

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void AWrongCrcIsRefused(CompressionLevel level)
    {
        var zip = NpzBytes.Create(("config.json", Content, level));
        NpzBytes.SetCrc(zip, 0, NpzBytes.Crc(zip, 0) ^ 1);
        var e = Assert.Throws<InputException>(() => Read(zip));
        Assert.StartsWith("config.json of 'm.keras' fails its CRC-32 check", e.Message);
    }

    [Fact]
    public void ABombThatDeclaresFewBytesIsNotInflatedPastThem()
    {
        // 64 MB of zeros deflated, declaring 100 bytes: reading stops by byte 101, where the zip's own stream may end it
        // first (then the CRC of the 100 bytes read is wrong).
        var zip = NpzBytes.Bomb("config.json", Content, megabytes: 64);
        NpzBytes.SetUncompressedSize(zip, 0, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => Read(zip));
        Assert.StartsWith("config.json of 'm.keras' ", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (8 << 20), "the bomb was inflated");
    }

    [Fact]
    public void AMemberShorterThanItDeclaresIsTruncated()
    {
        var zip = NpzBytes.Create(("config.json", Content, CompressionLevel.Optimal));
        NpzBytes.SetUncompressedSize(zip, 0, (uint)Content.Length + 10);
        var e = Assert.Throws<InputException>(() => Read(zip));
        Assert.Equal($"config.json of 'm.keras' is truncated: it declares {Content.Length + 10} bytes and holds {Content.Length}.", e.Message);
    }

    [Fact]
    public void AnEncryptedMemberIsRefusedByName()
    {
        var zip = NpzBytes.Create(("config.json", Content, CompressionLevel.NoCompression));
        NpzBytes.SetFlags(zip, 0, 1);
        var e = Assert.Throws<InputException>(() => Read(zip));
        Assert.Equal("config.json of 'm.keras' is encrypted; OneBatch reads only unencrypted zips.", e.Message);
    }
}
