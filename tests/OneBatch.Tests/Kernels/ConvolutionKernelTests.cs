using OneBatch.Kernels;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Kernels;

public sealed class ConvolutionKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, Padding> Cases => new()
    {
        // n, h, w, c, kh, kw, stride, filters, padding
        { 2, 7, 5, 3, 3, 3, 1, 4, Padding.Valid },
        { 2, 7, 5, 3, 3, 3, 1, 4, Padding.Same },
        { 1, 9, 8, 2, 3, 2, 2, 5, Padding.Valid },
        { 3, 9, 8, 2, 3, 2, 2, 5, Padding.Same },
        { 2, 6, 6, 17, 2, 2, 2, 33, Padding.Same },
        { 1, 4, 5, 3, 1, 1, 1, 2, Padding.Valid },
        { 1, 5, 5, 1, 5, 5, 1, 1, Padding.Same },

        // Long patches (a block of the patch matrix is at least 256 rows, however long its rows), and positions enough
        // for more than one block of rows.
        { 2, 10, 10, 200, 3, 3, 1, 3, Padding.Valid },
        { 2, 17, 17, 120, 3, 3, 2, 2, Padding.Same },
        { 3, 12, 12, 120, 3, 3, 1, 3, Padding.Valid }, // 300 rows of 1,080: blocks of 256 and 44
        { 2, 25, 25, 60, 3, 3, 1, 2, Padding.Same }, // 1,250 rows of 540: five blocks
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardMatchesADirectSevenLoopConvolution(int n, int h, int w, int c, int kh, int kw, int stride, int filters, Padding padding)
    {
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, stride, stride, padding);
        var random = new RandomGenerator(1);
        var x = random.Uniform(new Shape(n, h, w, c), -1f, 1f).ToArray();
        var k = random.Uniform(new Shape(kh, kw, c, filters), -1f, 1f).ToArray();
        var y = new float[g.Positions * filters];
        Convolution.Forward(x, k, y, g, filters);

        var expected = DirectConvolution(x, k, g, filters);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 2e-4);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [InlineData(5, 21, 21, 7, 3, 3, 1, 47, Padding.Valid)] // shared out by images
    public void ForwardWithABiasAddsItToEveryPosition(int n, int h, int w, int c, int kh, int kw, int stride, int filters, Padding padding)
    {
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, stride, stride, padding);
        var random = new RandomGenerator(5);
        var x = random.Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        var k = random.Uniform(new Shape(g.Patch * filters), -1f, 1f).ToArray();
        var bias = random.Uniform(new Shape(filters), -1f, 1f).ToArray();
        var y = new float[g.Positions * filters];
        Convolution.Forward(x, k, y, g, filters);
        var yb = new float[y.Length];
        Convolution.Forward(x, k, bias, yb, g, filters);
        // Read in place, the bias starts the sum rather than ending it: equal up to rounding.
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(y[i] + bias[i % filters], yb[i], 1e-5f * Math.Max(1f, Math.Abs(yb[i])));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [InlineData(5, 21, 21, 7, 3, 3, 1, 47, Padding.Valid)] // shared out by images
    [InlineData(0, 4, 4, 3, 3, 3, 1, 2, Padding.Valid)] // no images
    public void ForwardWithAFusedReluIsTheReluOfTheForward(int n, int h, int w, int c, int kh, int kw, int stride, int filters, Padding padding)
    {
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, stride, stride, padding);
        var random = new RandomGenerator(7);
        var x = random.Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        var k = random.Uniform(new Shape(g.Patch * filters), -1f, 1f).ToArray();
        var bias = random.Uniform(new Shape(filters), -1f, 1f).ToArray();
        var y = new float[g.Positions * filters];
        Convolution.Forward(x, k, bias, y, g, filters);
        var yr = new float[y.Length];
        Convolution.Forward(x, k, bias, yr, g, filters, relu: true);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(MathF.Max(y[i], 0f), yr[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardPassesAreTheAdjointsOfTheForward(int n, int h, int w, int c, int kh, int kw, int stride, int filters, Padding padding)
    {
        // <conv(x, k), dy> = <x, dx(dy)> = <k, dk(dy)>: the backward passes are the transposes of the forward map.
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, stride, stride, padding);
        var random = new RandomGenerator(2);
        var x = random.Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        var k = random.Uniform(new Shape(g.Patch * filters), -1f, 1f).ToArray();
        var dy = random.Uniform(new Shape(g.Positions * filters), -1f, 1f).ToArray();
        var y = new float[dy.Length];
        Convolution.Forward(x, k, y, g, filters);
        var dx = new float[x.Length];
        var dk = new float[k.Length];
        Convolution.BackwardInput(dy, k, dx, g, filters, accumulate: false);
        Convolution.BackwardKernel(x, dy, dk, g, filters, accumulate: false);

        double yDy = Dot(y, dy);
        Assert.Equal(yDy, Dot(x, dx), 2e-3);
        Assert.Equal(yDy, Dot(k, dk), 2e-3);

        // accumulate adds to what is there
        var dx2 = (float[])dx.Clone();
        Convolution.BackwardInput(dy, k, dx2, g, filters, accumulate: true);
        for (int i = 0; i < dx.Length; i++)
        {
            Assert.Equal(2 * dx[i], dx2[i], 2e-4);
        }
    }

    [Theory]
    [InlineData(5, 21, 21, 7, 1, 47, Padding.Valid)] // 5 images over 4 units: 1, 1, 1, 2
    [InlineData(6, 33, 33, 5, 2, 61, Padding.Same)]
    public void LargeConvolutionsSharedOutByImagesMatchDirectLoops(int n, int h, int w, int c, int stride, int filters, Padding padding)
    {
        // At least 2^22 multiply-adds: the passes are cut by images into units that the GEMM team shares.
        var g = WindowGeometry.Create(n, h, w, c, 3, 3, stride, stride, padding);
        Assert.True((long)g.Positions * g.Patch * filters >= 1L << 22);
        var random = new RandomGenerator(4);
        var x = random.Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        var k = random.Uniform(new Shape(g.Patch * filters), -1f, 1f).ToArray();
        var dy = random.Uniform(new Shape(g.Positions * filters), -1f, 1f).ToArray();

        var y = new float[dy.Length];
        Convolution.Forward(x, k, y, g, filters);
        NaiveConvolution.AssertClose(DirectConvolution(x, k, g, filters), y, 2e-4);

        var dxExpected = NaiveConvolution.InputGradient(k, dy, g, filters);
        var (dkExpected, _) = NaiveConvolution.KernelGradient(x, dy, g, filters);
        var dk = new float[k.Length];
        Convolution.BackwardKernel(x, dy, dk, g, filters, accumulate: false);
        NaiveConvolution.AssertClose(dkExpected, dk, 2e-3);
        var dx = new float[x.Length];
        Array.Fill(dx, float.NaN);
        Convolution.BackwardInput(dy, k, dx, g, filters, accumulate: false);
        NaiveConvolution.AssertClose(dxExpected, dx, 2e-4);

        // Bit-identical on a second run; accumulate adds onto what is there.
        var dk2 = (float[])dk.Clone();
        Convolution.BackwardKernel(x, dy, dk2, g, filters, accumulate: true);
        var dkAgain = new float[k.Length];
        Convolution.BackwardKernel(x, dy, dkAgain, g, filters, accumulate: false);
        Assert.Equal(dk, dkAgain);
        var dx2 = (float[])dx.Clone();
        Convolution.BackwardInput(dy, k, dx2, g, filters, accumulate: true);
        for (int i = 0; i < dk.Length; i++)
        {
            Assert.Equal(2 * dk[i], dk2[i], 2e-3);
        }

        for (int i = 0; i < dx.Length; i++)
        {
            Assert.Equal(2 * dx[i], dx2[i], 2e-4);
        }
    }

    [Theory]
    [InlineData(2, 7, 5, 3, 4, Padding.Valid, false)]
    [InlineData(5, 21, 21, 7, 47, Padding.Valid, false)] // shared out by images: per-unit bias partials
    [InlineData(6, 33, 33, 5, 61, Padding.Same, true)]
    public void KernelGradientWithTheBiasGradientGivesBoth(int n, int h, int w, int c, int filters, Padding padding, bool accumulate)
    {
        var g = WindowGeometry.Create(n, h, w, c, 3, 3, 1, 1, padding);
        var random = new RandomGenerator(8);
        var x = random.Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        var dy = random.Uniform(new Shape(g.Positions * filters), -1f, 1f).ToArray();
        var start = random.Uniform(new Shape(g.Patch * filters + filters), -1f, 1f).ToArray();
        var dk = start[..(g.Patch * filters)];
        var db = start[(g.Patch * filters)..];
        var expectedK = (float[])dk.Clone();
        var expectedB = (float[])db.Clone();
        Convolution.BackwardKernel(x, dy, expectedK, g, filters, accumulate);
        Convolution.BiasGradient(dy, expectedB, accumulate);

        Convolution.BackwardKernel(x, dy, dk, db, g, filters, accumulate, accumulate);
        Assert.Equal(expectedK, dk);
        for (int f = 0; f < filters; f++)
        {
            Assert.Equal(expectedB[f], db[f], 1e-3);
        }
    }

    [Fact]
    public void PackingARangeOfRowsGivesThoseRowsOfTheWholeMatrix()
    {
        var g = WindowGeometry.Create(2, 6, 5, 3, 3, 2, 2, 1, Padding.Same);
        var x = new RandomGenerator(8).Uniform(new Shape(g.InputSize)).ToArray();
        var whole = new float[g.Positions * g.Patch];
        Im2Col.Pack(x, whole, g);
        var part = new float[7 * g.Patch];
        Im2Col.Pack(x, part, g, 11, 7);
        Assert.Equal(whole.AsSpan(11 * g.Patch, 7 * g.Patch).ToArray(), part);
    }

    [Fact]
    public void BiasKernelsAddAndSumPerColumn()
    {
        var random = new RandomGenerator(3);
        foreach (int f in new[] { 3, 16, 37, 64, 100, 137 })
        {
            var y = random.Uniform(new Shape(5 * f)).ToArray();
            var before = (float[])y.Clone();
            var bias = random.Uniform(new Shape(f)).ToArray();
            Convolution.AddBias(y, bias);
            var db = new float[f];
            Convolution.BiasGradient(before, db, accumulate: false);
            for (int j = 0; j < f; j++)
            {
                float sum = 0f;
                for (int r = 0; r < 5; r++)
                {
                    Assert.Equal(before[(r * f) + j] + bias[j], y[(r * f) + j], 2e-5);
                    sum += before[(r * f) + j];
                }

                Assert.Equal(sum, db[j], 2e-4);
            }
        }
    }

    [Theory]
    [InlineData(5, 3, 2, 3, 1)] // ceil(5/2) = 3; pad_total = max(2*2 + 3 - 5, 0) = 2, pad_top = 1
    [InlineData(6, 3, 2, 3, 0)] // pad_total = 1: the odd one goes to the bottom
    [InlineData(7, 1, 3, 3, 0)]
    [InlineData(4, 5, 1, 4, 2)] // a window larger than the input still gives ceil(in / stride) outputs
    public void SamePaddingFollowsTensorFlow(int input, int window, int stride, int output, int padBefore)
    {
        Assert.Equal((output, padBefore), WindowGeometry.Axis(input, window, stride, Padding.Same));
    }

    [Theory]
    [InlineData(5, 3, 2, 2)]
    [InlineData(30, 2, 2, 15)]
    [InlineData(13, 2, 2, 6)]
    [InlineData(2, 3, 1, 0)]
    public void ValidPaddingKeepsOnlyFullWindows(int input, int window, int stride, int output)
    {
        Assert.Equal((output, 0), WindowGeometry.Axis(input, window, stride, Padding.Valid));
    }

    [Fact]
    public void AWindowThatDoesNotFitIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => WindowGeometry.Create(1, 2, 2, 1, 3, 3, 1, 1, Padding.Valid));
        Assert.Contains("does not fit a 2x2 input", e.Message);
    }

    private static float[] DirectConvolution(float[] x, float[] k, WindowGeometry g, int filters)
    {
        var y = new float[g.Positions * filters];
        for (int n = 0; n < g.N; n++)
        {
            for (int oh = 0; oh < g.OH; oh++)
            {
                for (int ow = 0; ow < g.OW; ow++)
                {
                    for (int f = 0; f < filters; f++)
                    {
                        double sum = 0;
                        for (int i = 0; i < g.KH; i++)
                        {
                            for (int j = 0; j < g.KW; j++)
                            {
                                for (int ch = 0; ch < g.C; ch++)
                                {
                                    int ih = (oh * g.SH) - g.PadTop + i, iw = (ow * g.SW) - g.PadLeft + j;
                                    if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W)
                                    {
                                        sum += x[(((((n * g.H) + ih) * g.W) + iw) * g.C) + ch] * k[(((((i * g.KW) + j) * g.C) + ch) * filters) + f];
                                    }
                                }
                            }
                        }

                        y[(((((n * g.OH) + oh) * g.OW) + ow) * filters) + f] = (float)sum;
                    }
                }
            }
        }

        return y;
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
