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
}
