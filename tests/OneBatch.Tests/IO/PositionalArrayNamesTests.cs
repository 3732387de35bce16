using OneBatch.IO;
using OneBatch.IO.Data;

namespace OneBatch.Tests.IO;

public sealed class PositionalArrayNamesTests
{
    private static (string Name, int Array)[] Named(params string[] names) => names.Select((n, i) => (n, i)).ToArray();

    [Fact]
    public void ArraysComeInTheOrderOfTheirNumbers()
    {
        var ordered = PositionalArrayNames.InOrder(Named("arr_10", "arr_2", "arr_0", "arr_1"), "'w.npz'");
        Assert.Equal(["arr_0", "arr_1", "arr_2", "arr_10"], ordered!.Select(a => a.Name));
        Assert.Equal([2, 3, 1, 0], ordered!.Select(a => a.Array));
    }

    [Theory]
    [InlineData("arr_\u0665")]
    [InlineData("arr_")]
    [InlineData("arr_1a")]
    [InlineData("arr_-1")]
    [InlineData("arr_+1")]
    [InlineData("kernel")]
    public void AnyOtherNameMeansNoPositionalOrder(string name) =>
        Assert.Null(PositionalArrayNames.InOrder(Named("arr_0", name), "'w.npz'"));

    [Fact]
    public void ANumberBeyondSixtyFourBitsIsRefusedByName()
    {
        string name = "arr_" + new string('9', 40);
        var e = Assert.Throws<InputException>(() => PositionalArrayNames.InOrder(Named("arr_0", name), "'w.npz'"));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("'w.npz'", e.Message);
    }

    [Fact]
    public void TwoNamesForOnePositionAreRefused()
    {
        var e = Assert.Throws<InputException>(() => PositionalArrayNames.InOrder(Named("arr_1", "arr_0", "arr_01"), "'w.npz'"));
        Assert.Contains("'arr_1' and 'arr_01'", e.Message);
    }
}
