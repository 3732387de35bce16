using System.Runtime.Intrinsics;
using OneBatch.Kernels;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Kernels;

/// <summary>
/// The in-place convolution against direct loops: every row step it is compiled for
/// (C * SW = 1, 2, 3, 4, 6, 8, 16, 32, 64), rows of output that end in a partial tile (OW = 1, 5, 13, 30), one and two vector
/// tiles of filters, padding that reaches in or not, row strides and dilations down the image, and empty batches.
/// </summary>
public sealed class InPlaceConvolutionKernelTests
{
    private static readonly int Vector = Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    [Theory]
    // n, h, w, c, kh, kw, sh, sw, dh, vectors of filters, padding
    [InlineData(2, 9, 8, 3, 3, 3, 1, 1, 1, 2, Padding.Valid)]
    [InlineData(2, 9, 8, 3, 3, 3, 1, 1, 1, 2, Padding.Same)]
    [InlineData(3, 7, 13, 1, 3, 3, 1, 1, 1, 1, Padding.Same)]
    [InlineData(1, 6, 5, 2, 2, 3, 2, 1, 1, 3, Padding.Same)]
    [InlineData(2, 11, 11, 3, 3, 3, 2, 2, 1, 2, Padding.Same)] // row step 6
    [InlineData(1, 9, 10, 4, 5, 5, 3, 2, 1, 1, Padding.Valid)] // row step 8
    [InlineData(1, 12, 9, 4, 3, 2, 1, 1, 2, 3, Padding.Same)] // dilated down the image
    [InlineData(1, 5, 1, 1, 3, 1, 1, 1, 1, 1, Padding.Same)] // one output column
    [InlineData(2, 32, 32, 3, 3, 3, 1, 1, 1, 2, Padding.Valid)] // the seed CNN's first layer: 30 columns
    [InlineData(1, 8, 8, 2, 7, 7, 2, 2, 1, 1, Padding.Same)] // a 7x7 stem: runs of 14 elements (a full tile and a short one)
    [InlineData(1, 7, 9, 8, 3, 3, 1, 2, 1, 1, Padding.Same)] // row step 16
    [InlineData(2, 6, 6, 32, 3, 3, 1, 1, 1, 2, Padding.Valid)] // row step 32
    [InlineData(1, 5, 7, 64, 3, 3, 2, 1, 1, 1, Padding.Same)] // row step 64
    [InlineData(1, 9, 8, 3, 3, 1, 1, 2, 1, 1, Padding.Same)] // padded above, cropped across (7 of 8 columns read)
    [InlineData(2, 3, 7, 2, 3, 3, 1, 1, 1, 1, Padding.Valid)] // one output row
    [InlineData(0, 6, 6, 3, 3, 3, 1, 1, 1, 2, Padding.Same)]
    public void BothPassesMatchDirectLoops(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int vectors, Padding padding)
    {
        int filters = vectors * Vector;
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, sh, sw, padding, dh, 1);
        Assert.True(InPlaceConvolution.Applies(g, filters));
        var x = GradientChecker.Uniform(1, new Shape(n, h, w, c));
        var k = GradientChecker.Uniform(2, new Shape(kh, kw, c, filters));
        var bias = GradientChecker.Uniform(3, new Shape(filters));
        var dy = GradientChecker.Uniform(4, new Shape(n, g.OH, g.OW, filters));

        var expected = NaiveConvolution.Conv2D(x, k, sh, sw, dh, 1, g.PadTop, g.PadLeft, g.OH, g.OW);
        var y = Filled(expected.Size, float.NaN);
        InPlaceConvolution.Forward(x.ReadOnlySpan, k.ReadOnlySpan, default, y, g, filters, relu: false, 0, n);
        NaiveConvolution.AssertClose(expected.ReadOnlySpan, y, 1e-5);

        // With a bias and a ReLU: max(conv + b, 0).
        var withBias = expected.ToArray();
        for (int i = 0; i < withBias.Length; i++)
        {
            withBias[i] = Math.Max(withBias[i] + bias.ReadOnlySpan[i % filters], 0f);
        }

        InPlaceConvolution.Forward(x.ReadOnlySpan, k.ReadOnlySpan, bias.ReadOnlySpan, y, g, filters, relu: true, 0, n);
        NaiveConvolution.AssertClose(withBias, y, 1e-5);

        // dK[kh, kw, c, f] = sum over positions of the input under that window element times dy; db[f] = sum of dy[.., f].
        var (dkExpected, dbExpected) = NaiveConvolution.KernelGradient(x.ReadOnlySpan, dy.ReadOnlySpan, g, filters);
        var dk = Filled(k.Size, float.NaN);
        var db = Filled(filters, float.NaN);
        InPlaceConvolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, default, dk, db, g, filters, accumulate: false, accumulateBias: false, 0, n);
        NaiveConvolution.AssertClose(dkExpected, dk, 1e-4);
        NaiveConvolution.AssertClose(dbExpected, db, 1e-4);

        // Accumulating adds onto what is there.
        InPlaceConvolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, default, dk, db, g, filters, accumulate: true, accumulateBias: true, 0, n);
        NaiveConvolution.AssertClose(Array.ConvertAll(dkExpected, v => 2 * v), dk, 1e-4);
        NaiveConvolution.AssertClose(Array.ConvertAll(dbExpected, v => 2 * v), db, 1e-4);

        // Behind a ReLU whose output is y (mixed signs here), dy passes only where y > 0.
        var reluOutput = GradientChecker.Uniform(8, new Shape(n, g.OH, g.OW, filters));
        var masked = dy.ToArray();
        for (int i = 0; i < masked.Length; i++)
        {
            masked[i] = reluOutput.ReadOnlySpan[i] > 0 ? masked[i] : 0f;
        }

        var (dkMasked, dbMasked) = NaiveConvolution.KernelGradient(x.ReadOnlySpan, masked, g, filters);
        InPlaceConvolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, reluOutput.ReadOnlySpan, dk, db, g, filters, accumulate: false, accumulateBias: false, 0, n);
        NaiveConvolution.AssertClose(dkMasked, dk, 1e-4);
        NaiveConvolution.AssertClose(dbMasked, db, 1e-4);
    }

    [Theory]
    [InlineData(3, 6, 6, 3, 32)] // read in place: each image masked as its tiles need it
    [InlineData(2, 6, 7, 5, 20)] // by im2col: dy masked whole first
    [InlineData(5, 40, 40, 3, 32)] // shared out by images
    [InlineData(5, 40, 40, 5, 20)] // by im2col, shared out by images: the team reads the masked dy
    public void TheKernelGradientBehindAReluMasksDy(int n, int h, int w, int c, int filters)
    {
        var g = WindowGeometry.Create(n, h, w, c, 3, 3, 1, 1, Padding.Same);
        var x = GradientChecker.Uniform(1, new Shape(n, h, w, c));
        var dy = GradientChecker.Uniform(2, new Shape(n, h, w, filters));
        var reluOutput = GradientChecker.Uniform(3, new Shape(n, h, w, filters));
        var masked = dy.ToArray();
        for (int i = 0; i < masked.Length; i++)
        {
            masked[i] = reluOutput.ReadOnlySpan[i] > 0 ? masked[i] : 0f;
        }

        var (dkExpected, dbExpected) = NaiveConvolution.KernelGradient(x.ReadOnlySpan, masked, g, filters);
        var dk = new float[g.Patch * filters];
        var db = new float[filters];
        Convolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, reluOutput.ReadOnlySpan, dk, db, g, filters, accumulate: false, accumulateBias: false);
        NaiveConvolution.AssertClose(dkExpected, dk, 1e-4);
        NaiveConvolution.AssertClose(dbExpected, db, 1e-4);

        // Accumulating adds onto what is there.
        Convolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, reluOutput.ReadOnlySpan, dk, db, g, filters, accumulate: true, accumulateBias: true);
        NaiveConvolution.AssertClose(Array.ConvertAll(dkExpected, v => 2 * v), dk, 1e-4);
        NaiveConvolution.AssertClose(Array.ConvertAll(dbExpected, v => 2 * v), db, 1e-4);
    }

    [Theory]
    // n, h, w, vectors of channels, kh, kw, dh, filters, padding: stride 1, so the input gradient is the convolution of dy
    // with the turned kernel, read in place when the filters are a row step it is compiled for.
    [InlineData(2, 7, 9, 1, 3, 3, 1, 16, Padding.Same)]
    [InlineData(1, 8, 6, 2, 3, 2, 2, 32, Padding.Same)]
    [InlineData(2, 9, 7, 1, 3, 3, 1, 64, Padding.Valid)]
    [InlineData(1, 6, 6, 1, 5, 5, 1, 8, Padding.Same)]
    [InlineData(1, 5, 5, 1, 3, 3, 1, 48, Padding.Same)] // 48 filters: not a compiled row step, im2col
    [InlineData(4, 32, 32, 1, 3, 3, 1, 32, Padding.Same)] // shared out by images: the team reads the caller's turned kernel
    public void TheInputGradientMatchesDirectLoops(int n, int h, int w, int vectors, int kh, int kw, int dh, int filters, Padding padding)
    {
        int c = vectors * Vector;
        var g = WindowGeometry.Create(n, h, w, c, kh, kw, 1, 1, padding, dh, 1);
        var k = GradientChecker.Uniform(2, new Shape(kh, kw, c, filters));
        var dy = GradientChecker.Uniform(4, new Shape(n, g.OH, g.OW, filters));

        var expected = NaiveConvolution.InputGradient(k.ReadOnlySpan, dy.ReadOnlySpan, g, filters);
        var dx = Filled(expected.Length, float.NaN);
        Convolution.BackwardInput(dy.ReadOnlySpan, k.ReadOnlySpan, dx, g, filters, accumulate: false);
        NaiveConvolution.AssertClose(expected, dx, 1e-4);

        // Accumulating (by im2col) adds onto what is there.
        Convolution.BackwardInput(dy.ReadOnlySpan, k.ReadOnlySpan, dx, g, filters, accumulate: true);
        NaiveConvolution.AssertClose(Array.ConvertAll(expected, v => 2 * v), dx, 1e-4);
    }

    [Theory]
    [InlineData(3, 2)] // a dilation across is not a contiguous run of a row
    [InlineData(5, 1)] // a row step of 5 floats: not one the tiles are compiled for
    [InlineData(128, 1)] // a patch of 1,152 elements: too many offsets for the stack
    public void GeometriesItDoesNotReadInPlaceAreLeftToIm2Col(int c, int dw)
    {
        var g = WindowGeometry.Create(1, 9, 9, c, 3, 3, 1, 1, Padding.Same, 1, dw);
        Assert.False(InPlaceConvolution.Applies(g, 2 * Vector));
        Assert.False(InPlaceConvolution.Applies(WindowGeometry.Create(1, 9, 9, 3, 3, 3, 1, 1, Padding.Same), Vector + 1));
    }

    [Fact]
    public void ConvolutionTakesItForAPassSharedOutByImages()
    {
        // 6 RGB images of 40x40, 32 filters: at least 2^22 multiply-adds, so the pass is cut by images into units.
        int filters = 32;
        var g = WindowGeometry.Create(6, 40, 40, 3, 3, 3, 1, 1, Padding.Same);
        Assert.True(InPlaceConvolution.Applies(g, filters));
        var x = GradientChecker.Uniform(5, new Shape(6, 40, 40, 3));
        var k = GradientChecker.Uniform(6, new Shape(3, 3, 3, filters));
        var dy = GradientChecker.Uniform(7, new Shape(6, 40, 40, filters));
        var y = new float[dy.Size];
        Convolution.Forward(x.ReadOnlySpan, k.ReadOnlySpan, y, g, filters);
        NaiveConvolution.AssertClose(NaiveConvolution.Conv2D(x, k, 1, 1, 1, 1, g.PadTop, g.PadLeft, g.OH, g.OW).ReadOnlySpan, y, 1e-5);

        var dk = new float[k.Size];
        var db = new float[filters];
        Convolution.BackwardKernel(x.ReadOnlySpan, dy.ReadOnlySpan, dk, db, g, filters, accumulate: false, accumulateBias: false);
        var (dkExpected, dbExpected) = NaiveConvolution.KernelGradient(x.ReadOnlySpan, dy.ReadOnlySpan, g, filters);
        NaiveConvolution.AssertClose(dkExpected, dk, 1e-4);
        NaiveConvolution.AssertClose(dbExpected, db, 1e-4);
    }

    private static float[] Filled(int length, float value)
    {
        var a = new float[length];
        Array.Fill(a, value);
        return a;
    }
}
