using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class SeparableConv2DTests
{
    [Fact]
    public void WeightsFollowKerasOrderNamesAndShapes()
    {
        var layer = new SeparableConv2D(8, [3, 3], depthMultiplier: 2);
        layer.Build(new Shape(9, 9, 5), new RandomGenerator(0));
        Assert.Equal(
            ["separable_conv2d/depthwise_kernel", "separable_conv2d/pointwise_kernel", "separable_conv2d/bias"],
            layer.Weights.Select(w => w.Name));
        Assert.Equal(new Shape(3, 3, 5, 2), layer.DepthwiseKernel!.Shape);
        Assert.Equal(new Shape(1, 1, 10, 8), layer.PointwiseKernel!.Shape);
        Assert.Equal((3 * 3 * 5 * 2) + (10 * 8) + 8, layer.CountParams());
        Assert.Equal(new Shape(7, 7, 8), layer.OutputShape);
    }

    [Theory]
    [InlineData(1, "valid", 1, 1)]
    [InlineData(2, "same", 2, 1)]
    [InlineData(1, "same", 2, 2)]
    public void IsADepthwiseConvolutionThenAPointwiseOne(int stride, string padding, int multiplier, int dilation)
    {
        var layer = new SeparableConv2D(4, [3, 3], [stride, stride], padding, multiplier, [dilation, dilation], activation: "tanh", biasInitializer: new RandomUniform());
        var x = GradientChecker.Uniform(11, new Shape(2, 7, 6, 3));
        var y = layer.Apply(x);
        int span = (2 * dilation) + 1;
        int padTop = padding == "same" ? Math.Max(((y.Shape[1] - 1) * stride) + span - 7, 0) / 2 : 0;
        int padLeft = padding == "same" ? Math.Max(((y.Shape[2] - 1) * stride) + span - 6, 0) / 2 : 0;
        var depthwise = NaiveConvolution.Depthwise(x, layer.DepthwiseKernel!.Value, stride, stride, dilation, dilation, padTop, padLeft, y.Shape[1], y.Shape[2]);
        var expected = NaiveConvolution.Conv2D(depthwise, layer.PointwiseKernel!.Value, 1, 1, 1, 1, 0, 0, y.Shape[1], y.Shape[2]);
        for (int i = 0; i < expected.Size; i++)
        {
            expected.Span[i] = MathF.Tanh(expected.Span[i] + layer.Bias!.Value[i % 4]);
        }

        NaiveConvolution.AssertClose(expected, y, 1e-5);
        ConvGradientCheck.Assert(() => layer.Apply(x), [x, layer.DepthwiseKernel.Value, layer.PointwiseKernel.Value, layer.Bias!.Value]);
    }

    [Fact]
    public void ChannelsFirstEqualsChannelsLastOnTransposedData()
    {
        var last = new SeparableConv2D(4, 3, strides: 2, padding: "same", depthMultiplier: 2);
        var first = new SeparableConv2D(4, 3, strides: 2, padding: "same", depthMultiplier: 2, dataFormat: "channels_first");
        var x = GradientChecker.Uniform(12, new Shape(2, 6, 5, 3));
        var y = last.Apply(x);
        var xFirst = Images.ToChannelsFirst(x);
        first.Apply(xFirst);
        last.DepthwiseKernel!.Value.ReadOnlySpan.CopyTo(first.DepthwiseKernel!.Value.Span);
        last.PointwiseKernel!.Value.ReadOnlySpan.CopyTo(first.PointwiseKernel!.Value.Span);
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(y), first.Apply(xFirst), 1e-6);
    }

    [Fact]
    public void BadSettingsAreRefusedClearly()
    {
        Assert.Contains("positive number of filters", Assert.Throws<ArgumentException>(() => new SeparableConv2D(0, 3)).Message);
        Assert.Contains("positive depth_multiplier", Assert.Throws<ArgumentException>(() => new SeparableConv2D(4, 3, depthMultiplier: 0)).Message);
        Assert.Contains("SeparableConv2D cannot combine strides > 1 with dilation_rate > 1", Assert.Throws<ArgumentException>(() => new SeparableConv2D(4, 3, strides: 2, dilationRate: 2)).Message);
        Assert.Throws<ArgumentException>(() => new SeparableConv2D(4, 3, padding: "full"));
    }
}
