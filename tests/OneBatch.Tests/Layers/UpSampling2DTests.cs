using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class UpSampling2DTests
{
    [Fact]
    public void NearestRepeatsRowsAndColumns()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 2, 1);
        var y = new UpSampling2D((2, 3)).Apply(x);
        Assert.Equal(new Shape(1, 4, 6, 1), y.Shape);
        Assert.Equal(
            [1f, 1f, 1f, 2f, 2f, 2f, 1f, 1f, 1f, 2f, 2f, 2f, 3f, 3f, 3f, 4f, 4f, 4f, 3f, 3f, 3f, 4f, 4f, 4f],
            y.ToArray());
    }

    [Fact]
    public void BilinearFollowsKeras3sHalfPixelCorners()
    {
        // [[1, 3], [5, 7]] enlarged 2x: output pixel o reads input position (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75,
        // 1.25 along each axis; -0.25 and 1.25 clamp to the border pixels, so the corners keep the input's corner
        // values (not a blend with zero padding, and not the align_corners grid of Keras 1/2's TensorFlow 1):
        //   row 0 (from input row 0):          1,   1.5, 2.5, 3
        //   row 1 (0.75 * row 0 + 0.25 * row 1): 2,   2.5, 3.5, 4
        //   row 2 (0.25 * row 0 + 0.75 * row 1): 4,   4.5, 5.5, 6
        //   row 3 (from input row 1):          5,   5.5, 6.5, 7
        var x = Tensor.FromArray([1f, 3f, 5f, 7f], 1, 2, 2, 1);
        var y = new UpSampling2D(2, interpolation: "bilinear").Apply(x);
        Assert.Equal([1f, 1.5f, 2.5f, 3f, 2f, 2.5f, 3.5f, 4f, 4f, 4.5f, 5.5f, 6f, 5f, 5.5f, 6.5f, 7f], y.ToArray());
    }

    [Theory]
    [InlineData("nearest", 2, 2)]
    [InlineData("nearest", 1, 3)]
    [InlineData("bilinear", 2, 2)]
    [InlineData("bilinear", 3, 2)]
    public void GradientsMatchFiniteDifferences(string interpolation, int sh, int sw)
    {
        var layer = new UpSampling2D((sh, sw), interpolation);
        var x = GradientChecker.Uniform(3, new Shape(2, 3, 2, 3));
        Assert.Equal(new Shape(3 * sh, 2 * sw, 3), layer.ComputeOutputShape(new Shape(3, 2, 3)));
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [x]);
    }

    [Theory]
    [InlineData("nearest")]
    [InlineData("bilinear")]
    public void ChannelsFirstEqualsChannelsLastOnTransposedData(string interpolation)
    {
        var x = GradientChecker.Uniform(4, new Shape(2, 3, 4, 5));
        var y = new UpSampling2D((2, 3), interpolation).Apply(x);
        var first = new UpSampling2D((2, 3), interpolation, dataFormat: "channels_first");
        Assert.Equal(new Shape(5, 6, 12), first.ComputeOutputShape(new Shape(5, 3, 4)));
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(y), first.Apply(Images.ToChannelsFirst(x)), 1e-6);
    }

    [Fact]
    public void BadSettingsAreRefusedClearly()
    {
        Assert.Contains("positive sizes", Assert.Throws<ArgumentException>(() => new UpSampling2D((0, 2))).Message);
        Assert.Contains("\"nearest\" or \"bilinear\"", Assert.Throws<ArgumentException>(() => new UpSampling2D(2, "bicubic")).Message);
        Assert.Throws<ArgumentException>(() => new UpSampling2D(2).ComputeOutputShape(new Shape(4, 4)));
    }
}
