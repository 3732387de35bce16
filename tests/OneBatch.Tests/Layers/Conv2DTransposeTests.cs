using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class Conv2DTransposeTests
{
    [Theory]
    // in, kernel, stride, padding, output_padding (-1: none), dilation, expected out (Keras 3, worked by hand below)
    [InlineData(5, 3, 1, "valid", -1, 1, 7)]   // (5 - 1) * 1 + 3 + max(3, 1) - 3
    [InlineData(5, 3, 2, "valid", -1, 1, 11)]  // 4 * 2 + 3 + 0
    [InlineData(5, 2, 3, "valid", -1, 1, 15)]  // 4 * 3 + 2 + (max(2, 3) - 2 = 1)
    [InlineData(5, 3, 2, "valid", 1, 1, 12)]   // 4 * 2 + 3 + 1
    [InlineData(5, 3, 2, "same", -1, 1, 10)]   // 5 * 2
    [InlineData(5, 3, 2, "same", 0, 1, 9)]     // 4 * 2 + 3 % 2 + 0
    [InlineData(5, 3, 2, "same", 1, 1, 10)]    // 4 * 2 + 1 + 1
    [InlineData(5, 4, 2, "same", 1, 1, 9)]     // 4 * 2 + 4 % 2 + 1
    [InlineData(5, 3, 1, "same", -1, 2, 5)]    // 5 * 1
    [InlineData(5, 3, 1, "valid", -1, 2, 9)]   // span 5: 4 + 5 + 0
    public void OutputSizesFollowKeras3(int size, int kernel, int stride, string padding, int outputPadding, int dilation, int expected)
    {
        var layer = new Conv2DTranspose(3, kernel, stride, padding, outputPadding < 0 ? null : outputPadding, dilation);
        Assert.Equal(new Shape(expected, expected, 3), layer.ComputeOutputShape(new Shape(size, size, 2)));
    }

    [Fact]
    public void SameWithStrideTwoAndOutputPaddingPadsAsKerasWorksItOut()
    {
        // k = 3, stride 2, "same", output_padding 1, input 3: out = (3 - 1) * 2 + 3 % 2 + 1 = 6. JAX pads the
        // stride-dilated input by p = k + k % 2 - 2 + output_padding = 3, left = min(ceil(3 / 2), k - 1) = 2: the
        // adjoint convolution's window starts k - 1 - left = 0 rows before the output, so input row r lands on output
        // rows 2r, 2r + 1, 2r + 2, and row 6 (from r = 2, i = 2) falls off the end. TensorFlow: pad_total =
        // max((3 - 1) * 2 + 3 - 6, 0) = 1, pad_before = 0: the same.
        Assert.Equal((6, 0), WindowGeometry.TransposedAxis(3, 3, 2, Padding.Same, 1));

        // Without output_padding: out = 3 * 2 = 6, p = 2 + 3 - 2 = 3: the same padding again.
        Assert.Equal((6, 0), WindowGeometry.TransposedAxis(3, 3, 2, Padding.Same, null));

        // output_padding 0: out = 5, p = 2, left = 1: the window starts 1 row before, so input row r lands on 2r - 1 .. 2r + 1.
        Assert.Equal((5, 1), WindowGeometry.TransposedAxis(3, 3, 2, Padding.Same, 0));

        // k = 4, stride 2, "same": out = 6, p = 4, left = 2, start 1 before (TensorFlow: pad_total = 2, pad_before 1).
        Assert.Equal((6, 1), WindowGeometry.TransposedAxis(3, 4, 2, Padding.Same, null));

        // A 1x1 input, kernel 3, stride 2, same, output_padding 1: the one pixel spreads over rows 0 and 1 (kernel
        // rows 0, 1); kernel row 2 lands on row 2, beyond the 2-row output.
        var layer = new Conv2DTranspose(1, 3, strides: 2, padding: "same", outputPadding: 1, useBias: false);
        var x = Tensor.FromArray([2f], 1, 1, 1, 1);
        layer.Build(new Shape(1, 1, 1), new RandomGenerator(0));
        var k = layer.Kernel!.Value;
        for (int i = 0; i < 9; i++)
        {
            k.Span[i] = i + 1; // kernel [3, 3, 1, 1] holds 1..9 row by row
        }

        var y = layer.Apply(x);
        Assert.Equal(new Shape(1, 2, 2, 1), y.Shape);
        Assert.Equal([2f, 4f, 8f, 10f], y.ToArray());
    }

    [Theory]
    [InlineData(2, 3, 1, "valid", -1, 1)]
    [InlineData(2, 3, 2, "valid", -1, 1)]
    [InlineData(2, 3, 2, "same", -1, 1)]
    [InlineData(2, 3, 2, "same", 0, 1)]
    [InlineData(2, 3, 2, "same", 1, 1)]
    [InlineData(3, 2, 2, "valid", 1, 1)]
    [InlineData(2, 4, 2, "same", 1, 1)]
    [InlineData(2, 3, 3, "same", 2, 1)]
    [InlineData(2, 3, 1, "same", -1, 2)]
    [InlineData(2, 2, 1, "valid", -1, 2)]
    [InlineData(2, 1, 2, "same", -1, 1)]
    public void ForwardMatchesADirectScatter(int channels, int kernel, int stride, string padding, int outputPadding, int dilation)
    {
        var layer = new Conv2DTranspose(
            3, [kernel, kernel], [stride, stride], padding, outputPadding < 0 ? null : [outputPadding, outputPadding], [dilation, dilation], biasInitializer: new RandomUniform());
        var x = GradientChecker.Uniform(5, new Shape(2, 5, 4, channels));
        var y = layer.Apply(x);
        var (oh, padTop) = WindowGeometry.TransposedAxis(5, kernel, stride, PaddingNames.Parse(padding), outputPadding < 0 ? null : outputPadding, dilation);
        var (ow, padLeft) = WindowGeometry.TransposedAxis(4, kernel, stride, PaddingNames.Parse(padding), outputPadding < 0 ? null : outputPadding, dilation);
        var expected = NaiveConvolution.Conv2DTranspose(x, layer.Kernel!.Value, stride, stride, dilation, dilation, padTop, padLeft, oh, ow);
        for (int i = 0; i < expected.Size; i++)
        {
            expected.Span[i] += layer.Bias!.Value[i % 3];
        }

        NaiveConvolution.AssertClose(expected, y);
    }

    [Theory]
    [InlineData(3, 1, "valid", -1, 1)]
    [InlineData(3, 2, "valid", -1, 1)]
    [InlineData(3, 2, "same", -1, 1)]
    [InlineData(3, 2, "same", 0, 1)]
    [InlineData(2, 2, "valid", 1, 1)]
    [InlineData(3, 1, "same", -1, 2)]
    public void GradientsMatchFiniteDifferences(int kernel, int stride, string padding, int outputPadding, int dilation)
    {
        var layer = new Conv2DTranspose(
            2, [kernel, kernel], [stride, stride], padding, outputPadding < 0 ? null : [outputPadding, outputPadding], [dilation, dilation], biasInitializer: new RandomUniform());
        var x = GradientChecker.Uniform(6, new Shape(2, 3, 4, 3));
        layer.Apply(x);
        ConvGradientCheck.Assert(() => layer.Apply(x), [x, layer.Kernel!.Value, layer.Bias!.Value]);
    }

    [Fact]
    public void KernelIsStoredAsKerasDoesAndChannelsFirstMatchesChannelsLast()
    {
        var last = new Conv2DTranspose(5, [3, 2], strides: [2, 1], padding: "same", biasInitializer: new RandomUniform());
        var first = new Conv2DTranspose(5, [3, 2], strides: [2, 1], padding: "same", dataFormat: "channels_first");
        var x = GradientChecker.Uniform(7, new Shape(2, 4, 3, 2));
        var y = last.Apply(x);
        Assert.Equal(new Shape(3, 2, 5, 2), last.Kernel!.Shape);
        Assert.Equal(["conv2d_transpose/kernel", "conv2d_transpose/bias"], last.Weights.Select(w => w.Name));
        var xFirst = Images.ToChannelsFirst(x);
        Assert.Equal(new Shape(5, 8, 3), first.ComputeOutputShape(new Shape(2, 4, 3)));
        first.Apply(xFirst);
        last.Kernel.Value.ReadOnlySpan.CopyTo(first.Kernel!.Value.Span);
        last.Bias!.Value.ReadOnlySpan.CopyTo(first.Bias!.Value.Span);
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(y), first.Apply(xFirst), 1e-6);
    }

    [Fact]
    public void BadSettingsAreRefusedClearly()
    {
        var op = Assert.Throws<ArgumentException>(() => new Conv2DTranspose(4, 3, strides: 2, outputPadding: 2));
        Assert.Contains("output_padding must be smaller than the strides", op.Message);
        var dil = Assert.Throws<ArgumentException>(() => new Conv2DTranspose(4, 3, strides: 2, dilationRate: 2));
        Assert.Contains("Conv2DTranspose cannot combine strides > 1 with dilation_rate > 1", dil.Message);
        Assert.Throws<ArgumentException>(() => new Conv2DTranspose(0, 3));
        Assert.Throws<ArgumentException>(() => new Conv2DTranspose(4, 3, padding: "causal"));
        Assert.Throws<ArgumentException>(() => new Conv2DTranspose(4, [3, 3], outputPadding: [-1, 0]));
        var rank = Assert.Throws<ArgumentException>(() => new Conv2DTranspose(4, 3).ComputeOutputShape(new Shape(5, 3)));
        Assert.Contains("rank 3", rank.Message);

        // "same" with an even kernel and output_padding 0 on a 1-pixel input: (1 - 1) * 1 + 0 + 0 = an empty output.
        var empty = Assert.Throws<ArgumentException>(() => new Conv2DTranspose(4, [2, 2], padding: "same", outputPadding: [0, 0]).ComputeOutputShape(new Shape(1, 1, 3)));
        Assert.Contains("non-empty output", empty.Message);
    }
}
