using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

/// <summary>Ops.Conv2DTranspose: its forward against a direct scatter, its gradients, and the passes shared out by images.</summary>
public sealed class Conv2DTransposeOpTests
{
    [Theory]
    // n, h, w, c, filters, k, stride, padding, output padding (-1: none), dilation
    [InlineData(1, 1, 1, 1, 1, 1, 1, Padding.Valid, -1, 1)]
    [InlineData(2, 3, 4, 3, 2, 3, 2, Padding.Same, 1, 1)]
    [InlineData(2, 3, 4, 3, 2, 3, 2, Padding.Valid, 1, 1)]
    [InlineData(1, 4, 3, 2, 3, 2, 3, Padding.Same, -1, 1)]
    [InlineData(2, 4, 3, 2, 3, 3, 1, Padding.Same, -1, 2)]
    [InlineData(0, 4, 3, 2, 3, 3, 2, Padding.Same, -1, 1)]
    public void GradientsMatchFiniteDifferences(int n, int h, int w, int c, int filters, int k, int stride, Padding padding, int outputPadding, int dilation)
    {
        int? op = outputPadding < 0 ? null : outputPadding;
        var window = new TransposedWindow2D(k, k, stride, stride, padding, op, op, dilation, dilation);
        var x = GradientChecker.Uniform(1, new Shape(n, h, w, c));
        var kernel = GradientChecker.Uniform(2, new Shape(k, k, filters, c));
        var bias = GradientChecker.Uniform(3, new Shape(filters));
        GradientChecker.AssertGradients(t => Ops.Conv2DTranspose(t[0], t[1], t[2], window), [x, kernel, bias]);
    }

    [Theory]
    [InlineData(Padding.Same, -1)]
    [InlineData(Padding.Valid, 1)]
    public void LargeTransposedConvolutionsSharedOutByImagesMatchADirectScatter(Padding padding, int outputPadding)
    {
        // 5 images of 16x16x24 into 48 filters with a 3x3 kernel, stride 2: past 2^22 multiply-adds, shared by images.
        int? op = outputPadding < 0 ? null : outputPadding;
        var window = new TransposedWindow2D(3, 3, 2, 2, padding, op, op);
        var x = GradientChecker.Uniform(4, new Shape(5, 16, 16, 24));
        var kernel = GradientChecker.Uniform(5, new Shape(3, 3, 48, 24));
        var y = Ops.Conv2DTranspose(x, kernel, null, window);
        var (oh, pad) = WindowGeometry.TransposedAxis(16, 3, 2, padding, op);
        NaiveConvolution.AssertClose(NaiveConvolution.Conv2DTranspose(x, kernel, 2, 2, 1, 1, pad, pad, oh, oh), y, 5e-4);

        // Backward: <y, dy> = <x, dx> = <kernel, dk> (each pass is the adjoint of the forward, which is linear).
        var dy = GradientChecker.Uniform(6, y.Shape);
        var xv = new Variable(x, "x");
        var kv = new Variable(kernel, "k");
        using var tape = new GradientTape();
        var loss = Ops.Sum(Ops.Multiply(Ops.Conv2DTranspose(x, kernel, null, window), dy));
        var grads = tape.Gradient(loss, [xv, kv]);
        double expected = loss.ToScalar();
        Assert.Equal(expected, Dot(x, grads[0]!), 1e-3 * Math.Abs(expected));
        Assert.Equal(expected, Dot(kernel, grads[1]!), 1e-3 * Math.Abs(expected));
    }

    [Theory]
    [InlineData(Padding.Same)]
    [InlineData(Padding.Valid)]
    public void AStrideOneTransposedConvolutionMatchesADirectScatter(Padding padding)
    {
        // Stride 1 with 16 channels in and 16 filters: the forward pass is a convolution of x with the kernel turned,
        // read in place from the padded image.
        var window = new TransposedWindow2D(3, 3, 1, 1, padding, null, null);
        var x = GradientChecker.Uniform(7, new Shape(2, 9, 7, 16));
        var kernel = GradientChecker.Uniform(8, new Shape(3, 3, 16, 16));
        var y = Ops.Conv2DTranspose(x, kernel, null, window);
        var (oh, padTop) = WindowGeometry.TransposedAxis(9, 3, 1, padding, null);
        var (ow, padLeft) = WindowGeometry.TransposedAxis(7, 3, 1, padding, null);
        NaiveConvolution.AssertClose(NaiveConvolution.Conv2DTranspose(x, kernel, 1, 1, 1, 1, padTop, padLeft, oh, ow), y, 5e-4);
    }

    private static double Dot(Tensor a, Tensor b)
    {
        double s = 0;
        for (int i = 0; i < a.Size; i++)
        {
            s += (double)a.ReadOnlySpan[i] * b.ReadOnlySpan[i];
        }

        return s;
    }
}
