using OneBatch.Kernels;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Kernels;

/// <summary>The im2col convolution with dilated windows (atrous Conv2D) against a direct loop, both passes.</summary>
public sealed class DilatedConvolutionKernelTests
{
    [Theory]
    // n, h, w, c, kh, kw, dh, dw, filters, padding
    [InlineData(2, 9, 8, 3, 3, 3, 2, 2, 4, Padding.Valid)]
    [InlineData(2, 9, 8, 3, 3, 3, 2, 2, 4, Padding.Same)]
    [InlineData(1, 7, 11, 1, 2, 3, 3, 2, 1, Padding.Same)]
    [InlineData(1, 5, 5, 17, 3, 3, 2, 1, 5, Padding.Valid)]
    [InlineData(3, 6, 6, 2, 1, 1, 2, 2, 3, Padding.Same)]
    [InlineData(0, 6, 6, 2, 3, 3, 2, 2, 3, Padding.Same)]
    [InlineData(5, 21, 21, 7, 3, 3, 2, 2, 47, Padding.Same)] // shared out by images
    public void DilatedPassesMatchDirectLoops(int n, int h, int w, int c, int kh, int kw, int dh, int dw, int filters, Padding padding)
    {
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, 1, 1, padding, dh, dw);
        var x = GradientChecker.Uniform(1, new Shape(n, h, w, c));
        var k = GradientChecker.Uniform(2, new Shape(kh, kw, c, filters));
        var dy = GradientChecker.Uniform(3, new Shape(n, g.OH, g.OW, filters));
        var y = new Tensor(new Shape(n, g.OH, g.OW, filters));
        Convolution.Forward(x.ReadOnlySpan, k.ReadOnlySpan, y.Span, g, filters);
        NaiveConvolution.AssertClose(NaiveConvolution.Conv2D(x, k, 1, 1, dh, dw, g.PadTop, g.PadLeft, g.OH, g.OW), y, 2e-4);

        // The backward passes are the adjoints: <conv(x), dy> = <x, dx(dy)> = <k, dk(dy)>.
        var dx = new float[x.Size];
        var dk = new float[k.Size];
        Convolution.BackwardInput(dy.ReadOnlySpan, k.ReadOnlySpan, dx, g, filters, accumulate: false);
        Convolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, dk, g, filters, accumulate: false);
        double yDy = Dot(y.ToArray(), dy.ToArray());
        Assert.Equal(yDy, Dot(x.ToArray(), dx), 2e-3 * Math.Max(1, Math.Abs(yDy)));
        Assert.Equal(yDy, Dot(k.ToArray(), dk), 2e-3 * Math.Max(1, Math.Abs(yDy)));
    }

    [Theory]
    [InlineData(9, 3, 2, 1, 9, 2)] // span 5: pad 4, 2 before
    [InlineData(8, 3, 3, 1, 8, 3)] // span 7: pad 6, 3 before
    [InlineData(9, 3, 2, 2, 5, 2)]
    public void SamePaddingCountsTheDilatedSpan(int input, int window, int dilation, int stride, int output, int padBefore)
    {
        Assert.Equal((output, padBefore), WindowGeometry.Axis(input, window, stride, Padding.Same, dilation));
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }
}
