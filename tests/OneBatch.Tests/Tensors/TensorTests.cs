using OneBatch.Tensors;

namespace OneBatch.Tests.Tensors;

public sealed class TensorTests
{
    [Fact]
    public void IndexingIsRowMajorAndChecked()
    {
        var t = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 2, 3);
        Assert.Equal(5f, t[1, 2]);
        Assert.Equal(3f, t[1, 0]);
        Assert.Throws<IndexOutOfRangeException>(() => t[2, 0]);
        Assert.Throws<ArgumentException>(() => t[1]);
        Assert.Throws<ArgumentException>(() => new Tensor(new Shape(2, 3), new float[5]));
        Assert.Contains("[2, 2]", Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 2, 2)).Message);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.Throws<ArgumentException>(() => t.Reshape(new Shape(4)));
        Assert.Equal(new Shape(3, 2), t.Reshape(new Shape(3, 2)).Shape);
    }

    [Fact]
    public void ReshapeIsAViewAndCloneACopy()
    {
        var t = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var view = t.Reshape(new Shape(4));
        var copy = t.Clone();
        t[0, 1] = 9f;
        Assert.Equal(9f, view[1]);
        Assert.Equal(2f, copy[0, 1]);
        Assert.Throws<InvalidOperationException>(() => t.ToScalar());
        Assert.Equal(7f, Tensor.Scalar(7f).ToScalar());
    }

    [Theory]
    [InlineData(Tensor.AlignedMinSize)]
    [InlineData(Tensor.AlignedMinSize + 1)]
    [InlineData(33 * 65)]
    public unsafe void ALargeTensorStartsOnACacheLineAndItsViewsAgree(int size)
    {
        // Many allocations, so that some arrays land off a 64-byte boundary: each tensor must still start on one.
        for (int n = 0; n < 20; n++)
        {
            var t = new Tensor(new Shape(size));
            fixed (float* p = t.Span)
            {
                Assert.Equal(0, (nint)p % 64);
            }

            t.Span[0] = 1f;
            t.Span[size - 1] = 2f;
            Assert.Equal(1f, t[0]);
            Assert.Equal(2f, t[size - 1]);
            var view = t.Reshape(new Shape(1, size));
            Assert.Equal(2f, view[0, size - 1]);
            view[0, 1] = 3f;
            Assert.Equal(3f, t.Span[1]);
            Assert.Equal(t.ToArray(), t.Clone().ToArray());
            Assert.True(t.IsAllocated);
        }
    }

    [Fact]
    public void ALargeTensorFromATwoDimensionalArrayAndAOneValueViewReadTheirOwnValues()
    {
        var values = new float[2, Tensor.AlignedMinSize];
        values[1, Tensor.AlignedMinSize - 1] = 5f;
        values[0, 0] = 4f;
        var t = Tensor.FromArray(values);
        Assert.Equal(4f, t.Span[0]);
        Assert.Equal(5f, t[1, Tensor.AlignedMinSize - 1]);
        Assert.Equal(4f, t.Reshape(new Shape(2 * Tensor.AlignedMinSize)).Span[0]);
    }
}
