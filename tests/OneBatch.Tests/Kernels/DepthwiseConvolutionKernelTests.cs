using OneBatch.Kernels;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Kernels;

/// <summary>The depthwise kernels against direct loops: channel counts that leave vector tails, multipliers, strides, dilations.</summary>
public sealed class DepthwiseConvolutionKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int, Padding> Cases => new()
    {
        // n, h, w, c, m, k, stride, dilation, (unused), padding
        { 1, 1, 1, 1, 1, 1, 1, 1, 0, Padding.Valid },
        { 2, 5, 6, 3, 1, 3, 1, 1, 0, Padding.Valid },
        { 2, 5, 6, 3, 1, 3, 1, 1, 0, Padding.Same },
        { 2, 7, 5, 5, 2, 3, 2, 1, 0, Padding.Same },
        { 1, 7, 6, 17, 1, 3, 2, 1, 0, Padding.Valid },
        { 2, 8, 7, 33, 2, 3, 1, 2, 0, Padding.Same },
        { 1, 9, 9, 16, 3, 2, 1, 3, 0, Padding.Valid },
        { 1, 6, 6, 80, 1, 3, 1, 1, 0, Padding.Same }, // five 512-bit vectors: a block of four and one more
        { 3, 4, 4, 24, 1, 5, 1, 1, 0, Padding.Same }, // a window larger than the image
        { 0, 5, 5, 4, 2, 3, 1, 1, 0, Padding.Same },
        { 1, 6, 5, 2, 1, 1, 3, 1, 0, Padding.Valid },
        { 6, 20, 20, 40, 2, 3, 1, 1, 0, Padding.Same }, // shared out by images
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardMatchesADirectLoop(int n, int h, int w, int c, int m, int k, int stride, int dilation, int unused, Padding padding)
    {
        _ = unused;
        var g = WindowGeometry.Create(n, h, w, c, k, k, stride, stride, padding, dilation, dilation);
        var x = GradientChecker.Uniform(1, new Shape(n, h, w, c));
        var kernel = GradientChecker.Uniform(2, new Shape(k, k, c, m));
        var bias = GradientChecker.Uniform(3, new Shape(c * m));
        var y = new Tensor(new Shape(n, g.OH, g.OW, c * m));
        DepthwiseConvolution.Forward(x.ReadOnlySpan, kernel.ReadOnlySpan, bias.ReadOnlySpan, y.Span, g, m);
        var expected = NaiveConvolution.Depthwise(x, kernel, stride, stride, dilation, dilation, g.PadTop, g.PadLeft, g.OH, g.OW);
        for (int i = 0; i < expected.Size; i++)
        {
            expected.Span[i] += bias[i % (c * m)];
        }

        NaiveConvolution.AssertClose(expected, y, 1e-5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardPassesMatchDirectLoops(int n, int h, int w, int c, int m, int k, int stride, int dilation, int unused, Padding padding)
    {
        _ = unused;
        var g = WindowGeometry.Create(n, h, w, c, k, k, stride, stride, padding, dilation, dilation);
        var x = GradientChecker.Uniform(4, new Shape(n, h, w, c));
        var kernel = GradientChecker.Uniform(5, new Shape(k, k, c, m));
        var dy = GradientChecker.Uniform(6, new Shape(n, g.OH, g.OW, c * m));

        // dx[q, c] = sum over the (position, tap, m) that read q of dy * k; dk[t, c, m] = sum over positions of x * dy.
        var dxExpected = new double[x.Size];
        var dkExpected = new double[kernel.Size];
        for (int b = 0; b < n; b++)
        {
            for (int oh = 0; oh < g.OH; oh++)
            {
                for (int ow = 0; ow < g.OW; ow++)
                {
                    for (int i = 0; i < k; i++)
                    {
                        for (int j = 0; j < k; j++)
                        {
                            int ih = (oh * stride) - g.PadTop + (i * dilation), iw = (ow * stride) - g.PadLeft + (j * dilation);
                            if (ih < 0 || ih >= h || iw < 0 || iw >= w)
                            {
                                continue;
                            }

                            for (int ch = 0; ch < c; ch++)
                            {
                                for (int mm = 0; mm < m; mm++)
                                {
                                    float gy = dy[b, oh, ow, (ch * m) + mm];
                                    dxExpected[(((((b * h) + ih) * w) + iw) * c) + ch] += (double)gy * kernel[i, j, ch, mm];
                                    dkExpected[(((((i * k) + j) * c) + ch) * m) + mm] += (double)gy * x[b, ih, iw, ch];
                                }
                            }
                        }
                    }
                }
            }
        }

        var dx = new float[x.Size];
        Array.Fill(dx, float.NaN);
        DepthwiseConvolution.BackwardInput(dy.ReadOnlySpan, kernel.ReadOnlySpan, dx, g, m, accumulate: false);
        var dk = new float[kernel.Size];
        Array.Fill(dk, float.NaN);
        DepthwiseConvolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, dk, g, m, accumulate: false);
        AssertClose(dxExpected, dx, 1e-4);
        AssertClose(dkExpected, dk, 1e-4);

        // accumulate adds onto what is there; a second run gives the same bits.
        var dx2 = (float[])dx.Clone();
        DepthwiseConvolution.BackwardInput(dy.ReadOnlySpan, kernel.ReadOnlySpan, dx2, g, m, accumulate: true);
        var dk2 = (float[])dk.Clone();
        DepthwiseConvolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, dk2, g, m, accumulate: true);
        AssertClose(Array.ConvertAll(dx, v => 2.0 * v), dx2, 1e-5);
        AssertClose(Array.ConvertAll(dk, v => 2.0 * v), dk2, 1e-5);
        var dkAgain = new float[kernel.Size];
        DepthwiseConvolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, dkAgain, g, m, accumulate: false);
        Assert.Equal(dk, dkAgain);
    }

    [Fact]
    public void SpansThatDoNotFitAreRefused()
    {
        var g = WindowGeometry.Create(1, 4, 4, 2, 3, 3, 1, 1, Padding.Same);
        Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Forward(new float[32], new float[18], default, new float[31], g, 1));
        Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Forward(new float[32], new float[36], default, new float[64], g, 0));
        Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Forward(new float[32], new float[18], new float[3], new float[32], g, 1));
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1.0, Math.Abs(expected[i]))))
            {
                Assert.Fail($"element {i}: expected {expected[i]:G7}, got {actual[i]:G7}.");
            }
        }
    }
}
