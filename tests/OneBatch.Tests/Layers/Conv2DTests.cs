using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

/// <summary>Conv2D's dilation rate and channels-first data (its other behaviours are in ConvolutionLayerTests).</summary>
public sealed class Conv2DTests
{
    [Theory]
    // size, kernel, dilation, padding, expected: valid keeps in - d * (k - 1); same keeps the size
    [InlineData(9, 3, 2, "valid", 5)]
    [InlineData(9, 3, 2, "same", 9)]
    [InlineData(7, 2, 3, "valid", 4)]
    [InlineData(5, 3, 2, "valid", 1)]
    [InlineData(8, 3, 3, "same", 8)]
    public void DilatedOutputSizesFollowKeras(int size, int kernel, int dilation, string padding, int expected)
    {
        var layer = new Conv2D(4, kernel, padding: padding, dilationRate: dilation);
        Assert.Equal(new Shape(expected, expected, 4), layer.ComputeOutputShape(new Shape(size, size, 2)));
    }

    [Theory]
    [InlineData("valid", 2, 1)]
    [InlineData("same", 2, 1)]
    [InlineData("same", 1, 3)]
    [InlineData("valid", 3, 2)]
    public void DilatedForwardMatchesADirectLoop(string padding, int dh, int dw)
    {
        var layer = new Conv2D(3, [3, 2], padding: padding, dilationRate: [dh, dw], biasInitializer: new RandomUniform());
        var x = GradientChecker.Uniform(1, new Shape(2, 8, 7, 3));
        var y = layer.Apply(x);
        int padTop = padding == "same" ? ((y.Shape[1] - 1) + (2 * dh) + 1 - 8) / 2 : 0;
        int padLeft = padding == "same" ? ((y.Shape[2] - 1) + dw + 1 - 7) / 2 : 0;
        var expected = NaiveConvolution.Conv2D(x, layer.Kernel!.Value, 1, 1, dh, dw, padTop, padLeft, y.Shape[1], y.Shape[2]);
        for (int i = 0; i < expected.Size; i++)
        {
            expected.Span[i] += layer.Bias!.Value[i % 3];
        }

        NaiveConvolution.AssertClose(expected, y);
    }

    [Theory]
    [InlineData("valid", 2)]
    [InlineData("same", 2)]
    [InlineData("same", 1)]
    public void DilatedGradientsMatchFiniteDifferences(string padding, int dilation)
    {
        var layer = new Conv2D(2, [3, 3], padding: padding, dilationRate: [dilation, dilation], biasInitializer: new RandomUniform());
        var x = GradientChecker.Uniform(2, new Shape(2, 7, 6, 2));
        layer.Apply(x);
        ConvGradientCheck.Assert(() => layer.Apply(x), [x, layer.Kernel!.Value, layer.Bias!.Value]);
    }

    [Fact]
    public void StridesWithDilationAndBadDilationsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, strides: 2, dilationRate: 2));
        Assert.Contains("Conv2D cannot combine strides > 1 with dilation_rate > 1", e.Message);
        Assert.Throws<ArgumentException>(() => new Conv2D(4, [3, 3], dilationRate: [0, 1]));
        var small = Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, dilationRate: 3).ComputeOutputShape(new Shape(6, 6, 1)));
        Assert.Contains("3x3 kernel dilated by 3x3", small.Message);
        Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, dataFormat: "channels_middle"));
    }

    [Fact]
    public void ChannelsFirstEqualsChannelsLastOnTransposedData()
    {
        var last = new Conv2D(3, [3, 2], strides: [2, 1], padding: "same", activation: "tanh", biasInitializer: new RandomUniform());
        var first = new Conv2D(3, [3, 2], strides: [2, 1], padding: "same", activation: "tanh", dataFormat: "channels_first");
        var x = GradientChecker.Uniform(3, new Shape(2, 7, 5, 4));
        var xFirst = Images.ToChannelsFirst(x);
        var yLast = last.Apply(x);
        Assert.Equal(new Shape(3, 4, 5), first.ComputeOutputShape(new Shape(4, 7, 5)));
        first.Apply(xFirst);
        Assert.Equal(new Shape(3, 2, 4, 3), first.Kernel!.Shape);
        first.Kernel.Value.Span.Clear();
        last.Kernel!.Value.ReadOnlySpan.CopyTo(first.Kernel.Value.Span);
        last.Bias!.Value.ReadOnlySpan.CopyTo(first.Bias!.Value.Span);
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(yLast), first.Apply(xFirst), 1e-6);
        ConvGradientCheck.Assert(() => first.Apply(xFirst), [xFirst, first.Kernel.Value]);
    }
}
