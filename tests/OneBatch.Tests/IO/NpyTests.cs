using OneBatch.IO;
using OneBatch.IO.Data;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

public sealed class NpyTests
{
    [Fact]
    public void Float32RoundTripsThroughWriterAndReader()
    {
        using var dir = new TempFolder();
        var t = new RandomGenerator(3).Uniform(new Shape(7, 3, 2));
        NpyWriter.Write(dir.File("a.npy"), t);
        var back = NpyReader.Read(dir.File("a.npy"));
        Assert.Equal("float32", back.DType);
        Assert.Equal(t.Shape, back.Shape);
        Assert.Equal(t.ToArray(), back.Values.ToArray());
    }

    [Fact]
    public void OneDimensionalShapeRoundTrips()
    {
        using var dir = new TempFolder();
        var t = Tensor.FromArray([1f, 2f, 3f], 3);
        NpyWriter.Write(dir.File("v.npy"), t);
        Assert.Equal(new Shape(3), NpyReader.Read(dir.File("v.npy")).Shape);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryHeaderVersionReads(int version)
    {
        var bytes = NpyBytes.Create("<f4", [2, 2], NpyBytes.Float32([1.5f, -2f, 3f, 4.25f]), version);
        var a = NpyReader.Parse(bytes, "test");
        Assert.Equal(new Shape(2, 2), a.Shape);
        Assert.Equal([1.5f, -2f, 3f, 4.25f], a.Values.ToArray());
    }

    [Fact]
    public void EverySupportedDTypeConvertsToFloat32()
    {
        Assert.Equal([0.5f, -3f], NpyReader.Parse(NpyBytes.Create("<f8", [2], NpyBytes.Float64([0.5, -3])), "t").Values.ToArray());
        Assert.Equal([7f, -2f], NpyReader.Parse(NpyBytes.Create("<i4", [2], NpyBytes.Int32([7, -2])), "t").Values.ToArray());
        Assert.Equal([2f, 0f], NpyReader.Parse(NpyBytes.Create("<i8", [2], NpyBytes.Int64([2, 0])), "t").Values.ToArray());
        Assert.Equal([255f, 1f], NpyReader.Parse(NpyBytes.Create("|u1", [2], [255, 1]), "t").Values.ToArray());
        var b = NpyReader.Parse(NpyBytes.Create("|b1", [3], [1, 0, 1]), "t");
        Assert.Equal([1f, 0f, 1f], b.Values.ToArray());
        Assert.Equal("bool", b.DType);
        Assert.True(b.IsIntegerType);
    }

    [Fact]
    public void TruncatedDataNamesTheSource()
    {
        var bytes = NpyBytes.Create("<f4", [4, 2], NpyBytes.Float32([1, 2, 3]));
        var e = Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'"));
        Assert.Contains("'x.npy' is truncated", e.Message);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        var bytes = NpyBytes.Create("<f4", [2], NpyBytes.Float32([1, 2]))[..20];
        Assert.Contains("truncated", Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'")).Message);
    }

    [Fact]
    public void NonNpyBytesAreRejected()
    {
        var e = Assert.Throws<InputException>(() => NpyReader.Parse("hello, this is text"u8.ToArray(), "'x.npy'"));
        Assert.Contains("not a .npy file", e.Message);
    }

    [Theory]
    [InlineData("<c8")]
    [InlineData("|O")]
    [InlineData("<U3")]
    public void UnsupportedDTypeIsNamed(string descr)
    {
        var bytes = NpyBytes.Create(descr, [1], new byte[16]);
        var e = Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'"));
        Assert.Contains(descr, e.Message);
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void BigEndianAndFortranOrderAreRejectedClearly()
    {
        Assert.Contains("big-endian", Assert.Throws<InputException>(() => NpyReader.Parse(NpyBytes.Create(">f4", [1], new byte[4]), "t")).Message);
        Assert.Contains("Fortran", Assert.Throws<InputException>(() => NpyReader.Parse(NpyBytes.Create("<f4", [2, 2], new byte[16], fortran: true), "t")).Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<InputException>(() => NpyReader.Read("/nonexistent/folder/x.npy"));
        Assert.Contains("'/nonexistent/folder/x.npy' does not exist", e.Message);
    }

    [Fact]
    public void AHeaderPromisingAHugeArrayIsTruncatedNotACrash()
    {
        var bytes = NpyBytes.Create("<f8", [20_000, 20_000], new byte[64], version: 2);
        Assert.Contains("is truncated", Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'")).Message);
        bytes = NpyBytes.Create("<f8", [2_000_000_000, 2_000_000_000, 8], new byte[64], version: 2);
        Assert.Contains("overflows 64 bits", Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'")).Message);
        bytes[8] = 0xFF;
        bytes[9] = 0xFF;
        bytes[10] = 0xFF;
        bytes[11] = 0xFF;
        Assert.Contains("truncated inside its .npy header", Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'")).Message);
    }

    [Theory]
    [InlineData("'shape': (3,), ")]
    [InlineData("\"descr\": '<f8', ")]
    [InlineData("'fortran_order': True, ")]
    public void AKeyGivenTwiceIsRefused(string repeated)
    {
        var bytes = NpyBytes.Create("<f4", [2], NpyBytes.Float32([1, 2]), extraKeys: repeated);
        var e = Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'"));
        Assert.Contains("'x.npy'", e.Message);
        Assert.Contains("twice", e.Message);
    }

    [Fact]
    public void AnArrayOfMoreValuesThanOneArrayCanHoldIsRefusedBeforeItsDataAreSought()
    {
        var bytes = NpyBytes.Create("|u1", [1 << 20, 1 << 20], new byte[8]);
        Assert.Contains("1099511627776 values", Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'")).Message);
    }

    [Fact]
    public void AHeaderReadsWithoutItsDataAndAnnouncesItsSize()
    {
        using var dir = new TempFolder();
        string path = dir.Write("x.npy", NpyBytes.Create("<f8", [3, 5], []));
        var header = NpyReader.ReadHeader(path);
        Assert.Equal(15, header.Count);
        Assert.Equal(120, header.DataBytes);
        Assert.Equal(60, header.TensorBytes);
    }

    [Fact]
    public void AHeaderLongerThanAMegabyteIsRefusedUnread()
    {
        // Version 2: a 4-byte header length, here 2 MiB of spaces, all present.
        var bytes = new byte[12 + (2 << 20)];
        NpyBytes.Create("<f4", [1], new byte[4], version: 2)[..8].CopyTo(bytes, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2u << 20);
        bytes.AsSpan(12).Fill((byte)' ');
        Assert.Contains("more than the 1048576 OneBatch reads", Assert.Throws<InputException>(() => NpyReader.Parse(bytes, "'x.npy'")).Message);
    }
}
