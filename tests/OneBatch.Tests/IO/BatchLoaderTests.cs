using System.IO.Compression;
using OneBatch.IO;
using OneBatch.IO.Data;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

public sealed class BatchLoaderTests
{
    private static readonly Tensor X = new RandomGenerator(1).Uniform(new Shape(6, 3));
    private static readonly Tensor Y = Tensor.FromArray([0f, 1f, 2f, 1f, 0f, 2f], 6);

    [Fact]
    public void NpyPairLoads()
    {
        using var dir = new TempFolder();
        NpyWriter.Write(dir.File("x.npy"), X);
        NpyWriter.Write(dir.File("y.npy"), Y);
        var b = BatchLoader.Load(dir.File("x.npy"), dir.File("y.npy"));
        Assert.Equal(X.ToArray(), b.X.ToArray());
        Assert.Equal(Y.ToArray(), b.Y.ToArray());
    }

    [Fact]
    public void NpzWithNamedArraysStandsForBoth()
    {
        using var dir = new TempFolder();
        NpzWriter.Write(dir.File("d.npz"), [("y", Y), ("x", X)]);
        var b = BatchLoader.Load(dir.File("d.npz"));
        Assert.Equal(X.Shape, b.X.Shape);
        Assert.Equal(Y.ToArray(), b.Y.ToArray());
    }

    [Fact]
    public void NpzWithUnnamedArraysTakesTheFirstTwoInOrder()
    {
        using var dir = new TempFolder();
        NpzWriter.Write(dir.File("d.npz"), [X, Y]);
        var b = BatchLoader.Load(dir.File("d.npz"));
        Assert.Equal(X.ToArray(), b.X.ToArray());
        Assert.Equal(Y.ToArray(), b.Y.ToArray());
    }

    [Fact]
    public void CompressedNpzReads()
    {
        using var dir = new TempFolder();
        string path = dir.File("c.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, t) in new[] { ("x", X), ("y", Y) })
            {
                using var s = zip.CreateEntry(name + ".npy", CompressionLevel.Optimal).Open();
                NpyWriter.Write(s, t);
            }
        }

        Assert.Equal(X.ToArray(), BatchLoader.Load(path).X.ToArray());
    }

    [Fact]
    public void CorruptNpzIsReported()
    {
        using var dir = new TempFolder();
        string path = dir.Write("bad.npz", "PK\u0003\u0004 not really a zip");
        Assert.Contains("not a valid .npz", Assert.Throws<InputException>(() => BatchLoader.Load(path)).Message);
    }

    [Fact]
    public void CsvWithHeaderTakesTheLastColumnAsTarget()
    {
        using var dir = new TempFolder();
        string path = dir.Write("d.csv", "a,b,label\n1,2,0\n3,4.5,1\n\n-1,0,1\n");
        var b = BatchLoader.Load(path);
        Assert.Equal(new Shape(3, 2), b.X.Shape);
        Assert.Equal([1f, 2f, 3f, 4.5f, -1f, 0f], b.X.ToArray());
        Assert.Equal([0f, 1f, 1f], b.Y.ToArray());
        Assert.Contains("column 'label'", b.YSource);
    }

    [Fact]
    public void CsvTargetColumnCanBeNamed()
    {
        using var dir = new TempFolder();
        string path = dir.Write("d.csv", "y,a,b\n5,1,2\n6,3,4\n");
        var b = BatchLoader.Load(path, targetColumn: "y");
        Assert.Equal([1f, 2f, 3f, 4f], b.X.ToArray());
        Assert.Equal([5f, 6f], b.Y.ToArray());
        Assert.Contains("no column named 'zz'", Assert.Throws<InputException>(() => BatchLoader.Load(path, targetColumn: "zz")).Message);
    }

    [Fact]
    public void CsvWithoutHeaderReadsEveryRow()
    {
        using var dir = new TempFolder();
        string path = dir.Write("d.csv", "1,2,3\r\n4,5,6\r\n");
        var b = BatchLoader.Load(path);
        Assert.Equal([1f, 2f, 4f, 5f], b.X.ToArray());
        Assert.Equal([3f, 6f], b.Y.ToArray());
    }

    [Fact]
    public void CsvProblemsNameTheLine()
    {
        using var dir = new TempFolder();
        Assert.Contains("line 3", Assert.Throws<InputException>(() => BatchLoader.Load(dir.Write("a.csv", "a,b\n1,2\n3\n"))).Message);
        Assert.Contains("'x' is not a number", Assert.Throws<InputException>(() => BatchLoader.Load(dir.Write("b.csv", "a,b\n1,2\n3,x\n"))).Message);
    }

    [Fact]
    public void BatchProblemsAreReported()
    {
        using var dir = new TempFolder();
        NpyWriter.Write(dir.File("x.npy"), X);
        NpyWriter.Write(dir.File("y4.npy"), Tensor.Zeros(4));
        NpyWriter.Write(dir.File("empty.npy"), Tensor.Zeros(0, 3));
        var nan = X.Clone();
        nan.Span[4] = float.NaN;
        NpyWriter.Write(dir.File("nan.npy"), nan);
        NpyWriter.Write(dir.File("y.npy"), Y);
        Assert.Contains("batch sizes differ", Assert.Throws<InputException>(() => BatchLoader.Load(dir.File("x.npy"), dir.File("y4.npy"))).Message);
        Assert.Contains("empty batch", Assert.Throws<InputException>(() => BatchLoader.Load(dir.File("empty.npy"), dir.File("y.npy"))).Message);
        Assert.Contains("NaN (sample 1, value 1)", Assert.Throws<InputException>(() => BatchLoader.Load(dir.File("nan.npy"), dir.File("y.npy"))).Message);
        Assert.Contains("give the targets too", Assert.Throws<InputException>(() => BatchLoader.Load(dir.File("x.npy"))).Message);
        Assert.Contains("not a .npy, .npz or .csv", Assert.Throws<InputException>(() => BatchLoader.Load(dir.Write("x.txt", "1"), dir.File("y.npy"))).Message);
    }

    [Fact]
    public void ANonAsciiDigitInAnArrayNameIsNotAPosition()
    {
        using var dir = new TempFolder();
        NpzWriter.Write(dir.File("x.npz"), [("arr_0", X), ("arr_\u0665", X)]);
        NpyWriter.Write(dir.File("y.npy"), Y);
        var e = Assert.Throws<InputException>(() => BatchLoader.Load(dir.File("x.npz"), dir.File("y.npy"), null, ["a", "b"], ["out"]));
        Assert.Contains("has no array 'a'", e.Message);
    }
}
