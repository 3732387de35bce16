using OneBatch.IO;
using OneBatch.IO.Data;

namespace OneBatch.Tests.IO;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AFirstRowOfNamesIsTheHeader()
    {
        var table = CsvReader.Read(_dir.Write("d.csv", "a,\"b\",label\n1,2,3\n"));
        Assert.Equal(["a", "b", "label"], table.Header);
        Assert.Equal([1f, 2f, 3f], table.Values.ToArray());
    }

    [Fact]
    public void AFirstRowOfNumbersIsData()
    {
        var table = CsvReader.Read(_dir.Write("d.csv", "1.0,2,3\n4,5,6\n"));
        Assert.Null(table.Header);
        Assert.Equal(2, table.Values.Shape[0]);
    }

    [Theory]
    [InlineData("1.0,2.O,3\n4,5,6\n", "column 2", "'2.O'")]
    [InlineData("\n\nx1,2,3\n4,5,6\n", "column 1", "'x1'")]
    public void AFirstRowOfSomeNumbersIsATypoNotAHeader(string text, string column, string field)
    {
        string path = _dir.Write("d.csv", text);
        var e = Assert.Throws<InputException>(() => CsvReader.Read(path));
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains(text.StartsWith('\n') ? "line 3" : "line 1", e.Message);
        Assert.Contains(column, e.Message);
        Assert.Contains(field, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
