using OneBatch.Kernels;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Kernels;

public sealed class BilinearResizeKernelTests
{
    [Theory]
    // n, h, w, c, oh, ow
    [InlineData(1, 1, 1, 1, 1, 1)]
    [InlineData(1, 1, 1, 3, 2, 3)]
    [InlineData(2, 2, 3, 3, 4, 6)]
    [InlineData(2, 3, 5, 17, 9, 10)]
    [InlineData(1, 4, 4, 16, 12, 8)]
    [InlineData(0, 3, 3, 2, 6, 6)]
    [InlineData(2, 3, 3, 0, 6, 6)]
    [InlineData(1, 5, 3, 5, 3, 2)] // shrinking too (no antialiasing, as Keras's default)
    public void MatchesAScalarResizeAndItsAdjoint(int n, int h, int w, int c, int oh, int ow)
    {
        var x = GradientChecker.Uniform(1, new Shape(n, h, w, c));
        var y = new Tensor(new Shape(n, oh, ow, c));
        BilinearResize.Forward(x.ReadOnlySpan, y.Span, n, h, w, c, oh, ow);
        var expected = new Tensor(y.Shape);
        for (int b = 0; b < n; b++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    // TensorFlow's half-pixel scaler, written out with doubles for the blend.
                    float sr = ((r + 0.5f) * (h / (float)oh)) - 0.5f, sq = ((q + 0.5f) * (w / (float)ow)) - 0.5f;
                    int r0 = Math.Max((int)MathF.Floor(sr), 0), r1 = Math.Min((int)MathF.Ceiling(sr), h - 1);
                    int q0 = Math.Max((int)MathF.Floor(sq), 0), q1 = Math.Min((int)MathF.Ceiling(sq), w - 1);
                    double ty = sr - MathF.Floor(sr), tx = sq - MathF.Floor(sq);
                    for (int ch = 0; ch < c; ch++)
                    {
                        double top = ((1 - tx) * x[b, r0, q0, ch]) + (tx * x[b, r0, q1, ch]);
                        double bottom = ((1 - tx) * x[b, r1, q0, ch]) + (tx * x[b, r1, q1, ch]);
                        expected[b, r, q, ch] = (float)(((1 - ty) * top) + (ty * bottom));
                    }
                }
            }
        }

        NaiveConvolution.AssertClose(expected, y, 1e-6);

        // The backward pass is the adjoint: <resize(x), dy> = <x, backward(dy)>; accumulate adds.
        var dy = GradientChecker.Uniform(2, y.Shape);
        var dx = new float[x.Size];
        Array.Fill(dx, float.NaN);
        BilinearResize.Backward(dy.ReadOnlySpan, dx, n, h, w, c, oh, ow, accumulate: false);
        Assert.Equal(Dot(y.ToArray(), dy.ToArray()), Dot(x.ToArray(), dx), 1e-4);
        var dx2 = (float[])dx.Clone();
        BilinearResize.Backward(dy.ReadOnlySpan, dx2, n, h, w, c, oh, ow, accumulate: true);
        for (int i = 0; i < dx.Length; i++)
        {
            Assert.Equal(2 * dx[i], dx2[i], 1e-5);
        }
    }

    [Theory]
    // o, in, out -> lower, upper, weight: (o + 0.5) * in / out - 0.5
    [InlineData(0, 2, 4, 0, 0, 0.75f)] // -0.25: floor -1 (weight 0.75) but both ends clamp to pixel 0
    [InlineData(1, 2, 4, 0, 1, 0.25f)] // 0.25
    [InlineData(2, 2, 4, 0, 1, 0.75f)] // 0.75
    [InlineData(3, 2, 4, 1, 1, 0.25f)] // 1.25: clamped to the last pixel
    [InlineData(4, 3, 9, 1, 1, 0f)]    // (4.5) / 3 - 0.5 = 1 exactly
    public void SourcePositionsUseHalfPixelCentres(int o, int inSize, int outSize, int lower, int upper, float weight)
    {
        var (l, u, t) = BilinearResize.Source(o, inSize, outSize);
        Assert.Equal((lower, upper), (l, u));
        Assert.Equal(weight, t, 1e-6);
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
