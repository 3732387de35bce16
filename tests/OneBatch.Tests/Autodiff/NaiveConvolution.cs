using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

/// <summary>
/// Direct loops, in double, for the convolutions the vision tests compare against: every output element is a sum
/// written exactly as its definition reads. Index maps: output (oh, ow) reads input row <c>oh * sh - padTop + i * dh</c>
/// and column <c>ow * sw - padLeft + j * dw</c> for kernel element (i, j); a read outside the image is a zero.
/// </summary>
internal static class NaiveConvolution
{
    /// <summary>y[n, oh, ow, f] = sum_{i, j, c} x[n, ih, iw, c] * k[i, j, c, f].</summary>
    public static Tensor Conv2D(Tensor x, Tensor k, int sh, int sw, int dh, int dw, int padTop, int padLeft, int oh, int ow)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        int kh = k.Shape[0], kw = k.Shape[1], f = k.Shape[3];
        var y = new Tensor(new Shape(n, oh, ow, f));
        for (int b = 0; b < n; b++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int o = 0; o < f; o++)
                    {
                        double sum = 0;
                        for (int i = 0; i < kh; i++)
                        {
                            for (int j = 0; j < kw; j++)
                            {
                                int ih = (r * sh) - padTop + (i * dh), iw = (q * sw) - padLeft + (j * dw);
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w)
                                {
                                    continue;
                                }

                                for (int ch = 0; ch < c; ch++)
                                {
                                    sum += (double)x[b, ih, iw, ch] * k[i, j, ch, o];
                                }
                            }
                        }

                        y[b, r, q, o] = (float)sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>
    /// The transposed convolution, scattered: input (r, q) adds x[n, r, q, c] * k[i, j, f, c] to output row
    /// <c>r * sh - padTop + i * dh</c>, column <c>q * sw - padLeft + j * dw</c> (kernel [KH, KW, filters, in] as Keras
    /// stores it); outputs outside [0, oh) x [0, ow) are dropped.
    /// </summary>
    public static Tensor Conv2DTranspose(Tensor x, Tensor k, int sh, int sw, int dh, int dw, int padTop, int padLeft, int oh, int ow)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        int kh = k.Shape[0], kw = k.Shape[1], f = k.Shape[2];
        var sums = new double[n * oh * ow * f];
        for (int b = 0; b < n; b++)
        {
            for (int r = 0; r < h; r++)
            {
                for (int q = 0; q < w; q++)
                {
                    for (int i = 0; i < kh; i++)
                    {
                        for (int j = 0; j < kw; j++)
                        {
                            int yr = (r * sh) - padTop + (i * dh), yq = (q * sw) - padLeft + (j * dw);
                            if (yr < 0 || yr >= oh || yq < 0 || yq >= ow)
                            {
                                continue;
                            }

                            for (int o = 0; o < f; o++)
                            {
                                for (int ch = 0; ch < c; ch++)
                                {
                                    sums[(((((b * oh) + yr) * ow) + yq) * f) + o] += (double)x[b, r, q, ch] * k[i, j, o, ch];
                                }
                            }
                        }
                    }
                }
            }
        }

        return Tensor.FromArray(Array.ConvertAll(sums, v => (float)v), n, oh, ow, f);
    }

    /// <summary>y[n, oh, ow, c * M + m] = sum_{i, j} x[n, ih, iw, c] * k[i, j, c, m] (kernel [KH, KW, C, M]).</summary>
    public static Tensor Depthwise(Tensor x, Tensor k, int sh, int sw, int dh, int dw, int padTop, int padLeft, int oh, int ow)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        int kh = k.Shape[0], kw = k.Shape[1], m = k.Shape[3];
        var y = new Tensor(new Shape(n, oh, ow, c * m));
        for (int b = 0; b < n; b++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int mm = 0; mm < m; mm++)
                        {
                            double sum = 0;
                            for (int i = 0; i < kh; i++)
                            {
                                for (int j = 0; j < kw; j++)
                                {
                                    int ih = (r * sh) - padTop + (i * dh), iw = (q * sw) - padLeft + (j * dw);
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                                    {
                                        sum += (double)x[b, ih, iw, ch] * k[i, j, ch, mm];
                                    }
                                }
                            }

                            y[b, r, q, (ch * m) + mm] = (float)sum;
                        }
                    }
                }
            }
        }

        return y;
    }

    /// <summary>
    /// The gradients of a convolution's kernel and bias for dy <c>[N, OH, OW, F]</c> over x <c>[N, H, W, C]</c>:
    /// dk[i, j, c, f] = sum over positions of x[n, ih, iw, c] * dy[n, oh, ow, f]; db[f] = sum of dy[.., f].
    /// </summary>
    public static (float[] Dk, float[] Db) KernelGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, WindowGeometry g, int filters)
    {
        var dk = new double[g.Patch * filters];
        var db = new double[filters];
        for (int i = 0; i < g.Positions * filters; i++)
        {
            db[i % filters] += dy[i];
        }

        foreach (var (xi, ki, yi) in Taps(g, filters))
        {
            for (int ch = 0; ch < g.C; ch++)
            {
                for (int f = 0; f < filters; f++)
                {
                    dk[ki + (ch * filters) + f] += (double)x[xi + ch] * dy[yi + f];
                }
            }
        }

        return (Array.ConvertAll(dk, v => (float)v), Array.ConvertAll(db, v => (float)v));
    }

    /// <summary>
    /// The gradient of a convolution's input for dy: dx[n, ih, iw, c] = sum over the windows covering (ih, iw) of
    /// dy[n, oh, ow, f] * k[i, j, c, f].
    /// </summary>
    public static float[] InputGradient(ReadOnlySpan<float> k, ReadOnlySpan<float> dy, WindowGeometry g, int filters)
    {
        var dx = new double[g.InputSize];
        foreach (var (xi, ki, yi) in Taps(g, filters))
        {
            for (int ch = 0; ch < g.C; ch++)
            {
                for (int f = 0; f < filters; f++)
                {
                    dx[xi + ch] += (double)dy[yi + f] * k[ki + (ch * filters) + f];
                }
            }
        }

        return Array.ConvertAll(dx, v => (float)v);
    }

    /// <summary>Asserts every element within <paramref name="tolerance"/> times max(1, |expected|).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        AssertClose(expected.ReadOnlySpan, actual.ReadOnlySpan, tolerance);
    }

    /// <summary>Asserts every element within <paramref name="tolerance"/> times max(1, |expected|).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1.0, Math.Abs(expected[i]))))
            {
                Assert.Fail($"element {i} of {expected.Length}: expected {expected[i]:G7}, got {actual[i]:G7}.");
            }
        }
    }

    // Every window element (i, j) of every output (n, oh, ow) that reads x rather than padding: where it reads x (channel 0),
    // its row of the kernel (channel 0, filter 0) and the output (filter 0).
    private static IEnumerable<(int Xi, int Ki, int Yi)> Taps(WindowGeometry g, int filters)
    {
        for (int n = 0; n < g.N; n++)
        {
            for (int oh = 0; oh < g.OH; oh++)
            {
                for (int ow = 0; ow < g.OW; ow++)
                {
                    for (int i = 0; i < g.KH; i++)
                    {
                        for (int j = 0; j < g.KW; j++)
                        {
                            int ih = (oh * g.SH) - g.PadTop + (i * g.DH), iw = (ow * g.SW) - g.PadLeft + (j * g.DW);
                            if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W)
                            {
                                yield return (((((n * g.H) + ih) * g.W) + iw) * g.C, (((i * g.KW) + j) * g.C) * filters, ((((n * g.OH) + oh) * g.OW) + ow) * filters);
                            }
                        }
                    }
                }
            }
        }
    }
}
