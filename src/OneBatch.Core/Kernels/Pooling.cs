namespace OneBatch.Kernels;

/// <summary>
/// Max and average pooling over NHWC images, <c>x [N, H, W, C] -> y [N, OH, OW, C]</c>. Windows are clipped to the
/// image: padding never wins a max and is not counted in an average (Keras's "same" pooling).
/// </summary>
public static class Pooling
{
    /// <summary>y = the max of each window; <paramref name="argmax"/>[i] = the index into x that y[i] came from.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, in WindowGeometry g)
    {
        int c = g.C;
        int o = 0;
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W;
            for (int oh = 0; oh < g.OH; oh++)
            {
                var (h0, h1) = Clip(oh, g.SH, g.PadTop, g.KH, g.H);
                for (int ow = 0; ow < g.OW; ow++, o += c)
                {
                    var (w0, w1) = Clip(ow, g.SW, g.PadLeft, g.KW, g.W);
                    var ys = y.Slice(o, c);
                    var args = argmax.Slice(o, c);
                    int first = (imageBase + (h0 * g.W) + w0) * c;
                    x.Slice(first, c).CopyTo(ys);
                    for (int ch = 0; ch < c; ch++)
                    {
                        args[ch] = first + ch;
                    }

                    for (int ih = h0; ih < h1; ih++)
                    {
                        for (int iw = ih == h0 ? w0 + 1 : w0; iw < w1; iw++)
                        {
                            int at = (imageBase + (ih * g.W) + iw) * c;
                            var xs = x.Slice(at, c);
                            for (int ch = 0; ch < c; ch++)
                            {
                                float v = xs[ch];
                                if (v > ys[ch])
                                {
                                    ys[ch] = v;
                                    args[ch] = at + ch;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>dx (+)= dy routed to where each max came from.</summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argmax, Span<float> dx, int inputSize, bool accumulate)
    {
        if (!accumulate)
        {
            dx[..inputSize].Clear();
        }

        for (int i = 0; i < dy.Length; i++)
        {
            dx[argmax[i]] += dy[i];
        }
    }

    /// <summary>y = the mean of the image elements in each window.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> y, in WindowGeometry g)
    {
        int c = g.C;
        int o = 0;
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W;
            for (int oh = 0; oh < g.OH; oh++)
            {
                var (h0, h1) = Clip(oh, g.SH, g.PadTop, g.KH, g.H);
                for (int ow = 0; ow < g.OW; ow++, o += c)
                {
                    var (w0, w1) = Clip(ow, g.SW, g.PadLeft, g.KW, g.W);
                    var ys = y.Slice(o, c);
                    ys.Clear();
                    for (int ih = h0; ih < h1; ih++)
                    {
                        for (int iw = w0; iw < w1; iw++)
                        {
                            TensorPrimitives.Add(ys, x.Slice((imageBase + (ih * g.W) + iw) * c, c), ys);
                        }
                    }

                    TensorPrimitives.Multiply(ys, 1f / ((h1 - h0) * (w1 - w0)), ys);
                }
            }
        }
    }

    /// <summary>dx (+)= dy spread evenly over the image elements of each window.</summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, Span<float> dx, in WindowGeometry g, bool accumulate)
    {
        if (!accumulate)
        {
            dx[..g.InputSize].Clear();
        }

        int c = g.C;
        int o = 0;
        for (int n = 0; n < g.N; n++)
        {
            int imageBase = n * g.H * g.W;
            for (int oh = 0; oh < g.OH; oh++)
            {
                var (h0, h1) = Clip(oh, g.SH, g.PadTop, g.KH, g.H);
                for (int ow = 0; ow < g.OW; ow++, o += c)
                {
                    var (w0, w1) = Clip(ow, g.SW, g.PadLeft, g.KW, g.W);
                    var gs = dy.Slice(o, c);
                    float share = 1f / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++)
                    {
                        for (int iw = w0; iw < w1; iw++)
                        {
                            var d = dx.Slice((imageBase + (ih * g.W) + iw) * c, c);
                            TensorPrimitives.MultiplyAdd(gs, share, d, d);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The image rows (or columns) [first, last) that window <paramref name="o"/> covers.</summary>
    private static (int First, int Last) Clip(int o, int stride, int pad, int window, int size)
    {
        int start = (o * stride) - pad;
        return (Math.Max(start, 0), Math.Min(start + window, size));
    }
}
