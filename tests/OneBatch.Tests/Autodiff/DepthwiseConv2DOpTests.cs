using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

public sealed class DepthwiseConv2DOpTests
{
    [Theory]
    // h, w, c, m, k, stride, dilation, padding
    [InlineData(5, 4, 3, 1, 3, 1, 1, Padding.Valid)]
    [InlineData(5, 4, 3, 2, 3, 2, 1, Padding.Same)]
    [InlineData(5, 5, 2, 2, 3, 1, 2, Padding.Same)]
    [InlineData(6, 5, 3, 1, 2, 2, 1, Padding.Valid)]
    [InlineData(1, 1, 1, 3, 1, 1, 1, Padding.Same)]
    public void GradientsMatchFiniteDifferences(int h, int w, int c, int m, int k, int stride, int dilation, Padding padding)
    {
        var window = new Window2D(k, k, stride, stride, padding, dilation, dilation);
        var x = GradientChecker.Uniform(1, new Shape(2, h, w, c));
        var kernel = GradientChecker.Uniform(2, new Shape(k, k, c, m));
        var bias = GradientChecker.Uniform(3, new Shape(c * m));
        GradientChecker.AssertGradients(t => Ops.DepthwiseConv2D(t[0], t[1], t[2], window), [x, kernel, bias]);
    }

    [Fact]
    public void AKernelThatDoesNotFitIsRefused()
    {
        var window = new Window2D(3, 3);
        var e = Assert.Throws<ArgumentException>(() => Ops.DepthwiseConv2D(new Tensor(new Shape(1, 5, 5, 2)), new Tensor(new Shape(3, 3, 3, 1)), null, window));
        Assert.Contains("over 2 channels", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.DepthwiseConv2D(new Tensor(new Shape(1, 5, 5, 2)), new Tensor(new Shape(3, 3, 2, 2)), new Tensor(new Shape(2)), window));
    }
}
