using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class ZeroPadding2DTests
{
    [Fact]
    public void PadsEachSideAsGiven()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 2, 1);
        var y = new ZeroPadding2D(((1, 0), (0, 2))).Apply(x);
        Assert.Equal(new Shape(1, 3, 4, 1), y.Shape);
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 2f, 0f, 0f, 3f, 4f, 0f, 0f], y.ToArray());
        Assert.Equal(new Shape(6, 6, 3), new ZeroPadding2D(2).ComputeOutputShape(new Shape(2, 2, 3)));
        Assert.Equal(new Shape(4, 8, 3), new ZeroPadding2D((1, 3)).ComputeOutputShape(new Shape(2, 2, 3)));
        Assert.Equal(((1, 1), (1, 1)), new ZeroPadding2D().Padding);
    }

    [Fact]
    public void GradientsMatchFiniteDifferencesAndChannelsFirstMatches()
    {
        var layer = new ZeroPadding2D(((2, 1), (0, 3)));
        var x = GradientChecker.Uniform(5, new Shape(2, 3, 2, 3));
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [x]);
        var first = new ZeroPadding2D(((2, 1), (0, 3)), dataFormat: "channels_first");
        Assert.Equal(new Shape(3, 6, 5), first.ComputeOutputShape(new Shape(3, 3, 2)));
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(layer.Apply(x)), first.Apply(Images.ToChannelsFirst(x)), 0);
    }

    [Fact]
    public void BadSettingsAreRefusedClearly()
    {
        Assert.Contains("0 or more on each side", Assert.Throws<ArgumentException>(() => new ZeroPadding2D(((0, -1), (0, 0)))).Message);
        Assert.Throws<ArgumentException>(() => new ZeroPadding2D(1).ComputeOutputShape(new Shape(4, 4)));
        Assert.Throws<ArgumentException>(() => new ZeroPadding2D(1, dataFormat: "nhwc"));
    }
}
