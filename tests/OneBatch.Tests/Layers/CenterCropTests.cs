using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class CenterCropTests
{
    [Fact]
    public void TheCentreOfALargerImage()
    {
        // 4 x 5 to 2 x 3: rows from (4 - 2) / 2 = 1, columns from (5 - 3) / 2 = 1.
        var x = Tensor.FromArray([.. Enumerable.Range(0, 20).Select(i => (float)i)], 1, 4, 5, 1);
        var y = new CenterCrop(2, 3).Apply(x);
        Assert.Equal(new Shape(1, 2, 3, 1), y.Shape);
        Assert.Equal([6f, 7f, 8f, 11f, 12f, 13f], y.ToArray());

        // An odd difference rounds the start down: 5 to 2 starts at 1.
        Assert.Equal([1f, 2f], new CenterCrop(1, 2).Apply(Tensor.FromArray([0f, 1f, 2f, 3f, 4f], 1, 1, 5, 1)).ToArray());
    }

    [Fact]
    public void ASmallerImageIsCroppedToTheAspectRatioAndResized()
    {
        // 2 x 2 to 3 x 4: the 3:4 window of a 2 x 2 image is 1 x 2 (Keras: int(2 * 3 / 4) = 1 row), row 0, then bilinear.
        var x = GradientChecker.Uniform(2, new Shape(1, 2, 2, 1));
        var expected = Ops.Resize(Ops.Slice(x, 1, 0, 1), 3, 4);
        Assert.Equal(expected.ToArray(), new CenterCrop(3, 4).Apply(x).ToArray());
    }

    [Fact]
    public void GradientAndShape()
    {
        var layer = new CenterCrop(2, 2);
        var x = GradientChecker.Uniform(3, new Shape(2, 3, 4, 2));
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [x]);
        Assert.Equal(new Shape(2, 2, 2), layer.OutputShape);
        Assert.Contains("positive height and width", Assert.Throws<ArgumentException>(() => new CenterCrop(2, -1)).Message);
    }
}
