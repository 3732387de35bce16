using OneBatch.Tensors;

namespace OneBatch.Tests.Tensors;

public sealed class ShapeTests
{
    [Fact]
    public void Equality()
    {
        Assert.Equal(new Shape(2, 3), new Shape(2, 3));
        Assert.True(new Shape(2, 3) == new Shape([2, 3]));
        Assert.True(new Shape(2, 3) != new Shape(3, 2));
        Assert.NotEqual(new Shape(2, 3), new Shape(2, 3, 1));
        Assert.NotEqual(new Shape(1), Shape.Scalar);
        Assert.Equal(Shape.Scalar, new Shape());
        Assert.Equal(new Shape(2, 3).GetHashCode(), new Shape(2, 3).GetHashCode());
        Assert.True(new Shape(4).Equals((object)new Shape(4)));
        Assert.False(new Shape(4).Equals((object)"[4]"));
    }

    [Theory]
    [InlineData(new int[0], 1)]
    [InlineData(new[] { 5 }, 5)]
    [InlineData(new[] { 2, 3, 4 }, 24)]
    [InlineData(new[] { 2, 0, 4 }, 0)]
    public void SizeIsTheProduct(int[] dims, int size)
    {
        var s = new Shape(dims);
        Assert.Equal(size, s.Size);
        Assert.Equal(dims.Length, s.Rank);
        Assert.Equal(dims, s.ToArray());
    }

    [Fact]
    public void Transformations()
    {
        var s = new Shape(3, 4);
        Assert.Equal(new Shape(8, 3, 4), s.Prepend(8));
        Assert.Equal(new Shape(4), s.DropFirst());
        Assert.Equal(new Shape(3, 7), s.WithLast(7));
        Assert.Equal(new Shape(3), s.DropLast());
        Assert.Equal(Shape.Scalar, new Shape(5).DropFirst());
        Assert.Equal(new Shape(5), Shape.Scalar.Prepend(5));
        Assert.Equal(4, s.Last);
        Assert.Equal(1, Shape.Scalar.Last);
    }

    [Fact]
    public void NegativeAxesCountFromTheEnd()
    {
        var s = new Shape(2, 3, 4);
        Assert.Equal(4, s[-1]);
        Assert.Equal(3, s[-2]);
        Assert.Equal(2, s[-3]);
        Assert.Equal(2, s[0]);
        Assert.Equal(4, s[2]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-4)]
    [InlineData(100)]
    public void AnAxisOutOfRangeThrows(int axis)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(2, 3, 4)[axis]);
        Assert.Contains("[2, 3, 4]", e.Message);
    }

    [Fact]
    public void BadShapesThrow()
    {
        Assert.Throws<ArgumentException>(() => new Shape(2, -1));
        Assert.Throws<ArgumentException>(() => new Shape(1, 1, 1, 1, 1, 1, 1));
        Assert.Contains("DropFirst", Assert.Throws<InvalidOperationException>(() => Shape.Scalar.DropFirst()).Message);
        Assert.Contains("WithLast", Assert.Throws<InvalidOperationException>(() => Shape.Scalar.WithLast(3)).Message);
        Assert.Contains("DropLast", Assert.Throws<InvalidOperationException>(() => Shape.Scalar.DropLast()).Message);
        Assert.Throws<ArgumentException>(() => new Shape(1, 1, 1, 1, 1, 1).Prepend(2));
    }

    [Fact]
    public void ToStringListsTheDimensions()
    {
        Assert.Equal("[2, 3]", new Shape(2, 3).ToString());
        Assert.Equal("[]", Shape.Scalar.ToString());
    }
}
