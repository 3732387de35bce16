using System.IO.Compression;
using OneBatch.IO;
using OneBatch.IO.Data;

namespace OneBatch.Tests.IO;

public sealed class NpzReaderTests : IDisposable
{
    // Shape (2,) float32: the header numpy writes (128 bytes) and 8 bytes of data.
    private static readonly byte[] Small = NpyBytes.Create("<f4", [2], NpyBytes.Float32([1.5f, -2f]));

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(byte[] zip) => _dir.Write("d.npz", zip);

    private static byte[] WithTail(byte[] npy, int extra) => [.. npy, .. new byte[extra]];

    private string Refusal(byte[] zip)
    {
        string path = Write(zip);
        var e = Assert.Throws<InputException>(() => NpzReader.Read(path));
        Assert.Contains($"'{path}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void StoredAndDeflatedMembersReadInOrder()
    {
        var zip = NpzBytes.Create(("b.npy", Small, CompressionLevel.NoCompression), ("a.npy", Small, CompressionLevel.Optimal), ("dir/", [], CompressionLevel.NoCompression));
        var arrays = NpzReader.Read(Write(zip));
        Assert.Equal(["b", "a"], arrays.Select(a => a.Name));
        Assert.All(arrays, a => Assert.Equal([1.5f, -2f], a.Array.Values.ToArray()));
    }

    [Fact]
    public void ADeflatedBombIsRefusedByTheSizeItDeclares()
    {
        // 50 MB of zeros after a header announcing 8 bytes of data: about 50 KB deflated.
        var zip = NpzBytes.Bomb("x.npy", Small, 50);
        string message = Refusal(zip);
        Assert.Contains("'x.npy'", message);
        Assert.Contains("announces 136", message);
    }

    [Fact]
    public void AStoredMemberHoldingMoreThanItsHeaderAnnouncesIsRefused()
    {
        var zip = NpzBytes.Stored(("x.npy", WithTail(Small, 1000)));
        NpzBytes.SetUncompressedSize(zip, 0, (uint)Small.Length);
        string message = Refusal(zip);
        Assert.Contains("'x.npy'", message);
        Assert.Contains("holds more than the", message);
    }

    [Fact]
    public void ADeflatedBombThatDeclaresTheRightSizeIsInflatedOnlyThatFarAndFailsItsCrc()
    {
        var zip = NpzBytes.Bomb("x.npy", Small, 50);
        NpzBytes.SetUncompressedSize(zip, 0, (uint)Small.Length);
        string message = Refusal(zip);
        Assert.Contains("'x.npy'", message);
        Assert.Contains("CRC-32", message);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void AWrongCrcIsRefused(CompressionLevel level)
    {
        var zip = NpzBytes.Create(("x.npy", Small, CompressionLevel.Optimal), ("y.npy", Small, level));
        NpzBytes.SetCrc(zip, 1, NpzBytes.Crc(zip, 1) ^ 0x10);
        string message = Refusal(zip);
        Assert.Contains("'y.npy'", message);
        Assert.Contains("CRC-32", message);
    }

    [Fact]
    public void AnEncryptedMemberIsRefusedByName()
    {
        var zip = NpzBytes.Stored(("x.npy", Small), ("secret.npy", Small));
        NpzBytes.SetFlags(zip, 1, 1);
        string message = Refusal(zip);
        Assert.Contains("'secret.npy'", message);
        Assert.Contains("encrypted", message);
    }

    [Theory]
    [InlineData("x.npy", "x.npy")]
    [InlineData("x.npy", "x")]
    public void TwoMembersForOneArrayAreRefused(string first, string second)
    {
        string message = Refusal(NpzBytes.Stored((first, Small), ("y.npy", Small), (second, Small)));
        Assert.Contains("'x'", message);
        Assert.Contains("twice", message);
    }

    [Fact]
    public void AShapeWhoseSizeOverflowsSixtyFourBitsIsRefusedNamingTheMember()
    {
        var npy = NpyBytes.Create("<f8", [int.MaxValue, int.MaxValue, int.MaxValue], new byte[8]);
        string message = Refusal(NpzBytes.Stored(("x.npy", npy)));
        Assert.Contains("member 'x.npy'", message);
        Assert.Contains("64 bits", message);
    }

    [Fact]
    public void AnArrayLargerThanOneArrayCanHoldIsRefused()
    {
        // 2^40 values, announced in a header of 128 bytes.
        var npy = NpyBytes.Create("|u1", [1 << 20, 1 << 20], new byte[8]);
        string message = Refusal(NpzBytes.Stored(("x.npy", npy)));
        Assert.Contains("member 'x.npy'", message);
        Assert.Contains("1099511627776 values", message);
    }

    [Fact]
    public void AnnouncedBytesSumsTheFloat32SizeOfEveryArrayWithoutReadingTheData()
    {
        // x: [3, 5] float64 is 15 float32 values once read; y: 2^20 uint8 values, whose data are missing.
        var x = NpyBytes.Create("<f8", [3, 5], new byte[120]);
        var y = NpyBytes.Create("|u1", [1 << 20], []);
        var zip = NpzBytes.Stored(("x.npy", x), ("y.npy", y));
        NpzBytes.SetUncompressedSize(zip, 1, (uint)(y.Length + (1 << 20)));
        Assert.Equal((15 + (1 << 20)) * 4L, NpzReader.AnnouncedBytes(Write(zip)));
    }

    [Fact]
    public void ATruncatedMemberIsReported()
    {
        var zip = NpzBytes.Stored(("x.npy", Small[..^4]));
        NpzBytes.SetUncompressedSize(zip, 0, (uint)Small.Length);
        Assert.Contains("truncated", Refusal(zip));
    }

    [Fact]
    public void AFolderOrAMissingFileIsNamed()
    {
        Assert.Contains("is a folder", Assert.Throws<InputException>(() => NpzReader.Read(_dir.Path)).Message);
        Assert.Contains("does not exist", Assert.Throws<InputException>(() => NpzReader.Read(_dir.File("none.npz"))).Message);
    }
}
