using OneBatch.IO.Data;

namespace OneBatch.Tests.IO;

public sealed class Crc32ReadStreamTests
{
    [Fact]
    public void CountsAndHashesWhatIsReadThroughIt()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("123456789");
        using var stream = new Crc32ReadStream(new MemoryStream(bytes));
        var buffer = new byte[4];
        Assert.Equal(4, stream.Read(buffer, 0, 4));
        Assert.Equal(4, stream.BytesRead);
        Assert.Equal(5, stream.ReadAtLeast(new byte[10], 10, throwOnEndOfStream: false));
        Assert.Equal(0, stream.Read(buffer));
        Assert.Equal(9, stream.BytesRead);
        Assert.Equal(0xCBF43926u, stream.Crc);
    }

    [Fact]
    public void IsReadOnly()
    {
        using var stream = new Crc32ReadStream(new MemoryStream([1, 2]));
        Assert.True(stream.CanRead);
        Assert.False(stream.CanWrite);
        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }
}
