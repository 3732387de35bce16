using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class DepthwiseConv2DTests
{
    [Theory]
    // size, kernel, stride, padding, multiplier, dilation, expected size
    [InlineData(7, 3, 1, "valid", 1, 1, 5)]
    [InlineData(7, 3, 2, "same", 2, 1, 4)]
    [InlineData(7, 3, 2, "valid", 2, 1, 3)]
    [InlineData(9, 3, 1, "valid", 1, 2, 5)]
    [InlineData(9, 3, 1, "same", 3, 2, 9)]
    public void OutputShapesFollowKeras(int size, int kernel, int stride, string padding, int multiplier, int dilation, int expected)
    {
        var layer = new DepthwiseConv2D(kernel, stride, padding, multiplier, dilation);
        Assert.Equal(new Shape(expected, expected, 3 * multiplier), layer.ComputeOutputShape(new Shape(size, size, 3)));
    }

    [Fact]
    public void WeightsAreLaidOutAndNamedAsKeras3Does()
    {
        var layer = new DepthwiseConv2D([3, 2], depthMultiplier: 2);
        layer.Build(new Shape(6, 6, 5), new RandomGenerator(0));
        Assert.Equal(["depthwise_conv2d/kernel", "depthwise_conv2d/bias"], layer.Weights.Select(w => w.Name));
        Assert.Equal(new Shape(3, 2, 5, 2), layer.Kernel!.Shape);
        Assert.Equal(new Shape(10), layer.Bias!.Shape);
        Assert.Equal(70, layer.CountParams());
    }

    [Theory]
    [InlineData(1, "valid", 1, 1)]
    [InlineData(2, "same", 2, 1)]
    [InlineData(1, "same", 2, 2)]
    [InlineData(2, "valid", 1, 1)]
    public void ForwardMatchesADirectLoopAndGradientsMatchFiniteDifferences(int stride, string padding, int multiplier, int dilation)
    {
        var layer = new DepthwiseConv2D([3, 3], [stride, stride], padding, multiplier, [dilation, dilation], biasInitializer: new RandomUniform());
        var x = GradientChecker.Uniform(8, new Shape(2, 7, 6, 3));
        var y = layer.Apply(x);
        int spanH = (2 * dilation) + 1;
        int padTop = padding == "same" ? Math.Max(((y.Shape[1] - 1) * stride) + spanH - 7, 0) / 2 : 0;
        int padLeft = padding == "same" ? Math.Max(((y.Shape[2] - 1) * stride) + spanH - 6, 0) / 2 : 0;
        var expected = NaiveConvolution.Depthwise(x, layer.Kernel!.Value, stride, stride, dilation, dilation, padTop, padLeft, y.Shape[1], y.Shape[2]);
        for (int i = 0; i < expected.Size; i++)
        {
            expected.Span[i] += layer.Bias!.Value[i % (3 * multiplier)];
        }

        NaiveConvolution.AssertClose(expected, y, 1e-5);
        ConvGradientCheck.Assert(() => layer.Apply(x), [x, layer.Kernel.Value, layer.Bias!.Value]);
    }

    [Fact]
    public void ChannelsFirstEqualsChannelsLastOnTransposedData()
    {
        var last = new DepthwiseConv2D(3, padding: "same", depthMultiplier: 2, activation: "relu", biasInitializer: new RandomUniform());
        var first = new DepthwiseConv2D(3, padding: "same", depthMultiplier: 2, activation: "relu", dataFormat: "channels_first");
        var x = GradientChecker.Uniform(9, new Shape(2, 5, 4, 3));
        var y = last.Apply(x);
        var xFirst = Images.ToChannelsFirst(x);
        Assert.Equal(new Shape(6, 5, 4), first.ComputeOutputShape(new Shape(3, 5, 4)));
        first.Apply(xFirst);
        last.Kernel!.Value.ReadOnlySpan.CopyTo(first.Kernel!.Value.Span);
        last.Bias!.Value.ReadOnlySpan.CopyTo(first.Bias!.Value.Span);
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(y), first.Apply(xFirst), 1e-6);
    }

    [Fact]
    public void BadSettingsAreRefusedClearly()
    {
        Assert.Contains("positive depth_multiplier", Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3, depthMultiplier: 0)).Message);
        Assert.Contains("DepthwiseConv2D cannot combine strides > 1 with dilation_rate > 1", Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3, strides: 2, dilationRate: 2)).Message);
        Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3, padding: "causal"));
        Assert.Throws<ArgumentException>(() => new DepthwiseConv2D([3, 3, 3]));
        Assert.Contains("3x3 kernel", Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3).ComputeOutputShape(new Shape(2, 2, 4))).Message);
    }
}
