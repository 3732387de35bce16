using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class Cropping2DTests
{
    [Fact]
    public void CutsEachSideAsGiven()
    {
        var x = Tensor.FromArray([.. Enumerable.Range(1, 12).Select(i => (float)i)], 1, 3, 4, 1);
        var y = new Cropping2D(((1, 0), (1, 2))).Apply(x);
        Assert.Equal(new Shape(1, 2, 1, 1), y.Shape);
        Assert.Equal([6f, 10f], y.ToArray());
        Assert.Equal(new Shape(2, 2, 3), new Cropping2D(1).ComputeOutputShape(new Shape(4, 4, 3)));
        Assert.Equal(new Shape(4, 2, 3), new Cropping2D((0, 1)).ComputeOutputShape(new Shape(4, 4, 3)));
        Assert.Equal(((0, 0), (0, 0)), new Cropping2D().Cropping);
    }

    [Fact]
    public void GradientsMatchFiniteDifferencesAndChannelsFirstMatches()
    {
        var layer = new Cropping2D(((1, 1), (2, 0)));
        var x = GradientChecker.Uniform(6, new Shape(2, 4, 5, 3));
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [x]);
        var first = new Cropping2D(((1, 1), (2, 0)), dataFormat: "channels_first");
        Assert.Equal(new Shape(3, 2, 3), first.ComputeOutputShape(new Shape(3, 4, 5)));
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(layer.Apply(x)), first.Apply(Images.ToChannelsFirst(x)), 0);
    }

    [Fact]
    public void CroppingEverythingOrLessThanNothingIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Cropping2D(((2, 2), (0, 0))).ComputeOutputShape(new Shape(4, 5, 1)));
        Assert.Contains("larger than the 2 + 2 rows", e.Message);
        Assert.Contains("0 or more on each side", Assert.Throws<ArgumentException>(() => new Cropping2D(-1)).Message);
    }
}
