namespace OneBatch.Kernels;

/// <summary>
/// Unfolds NHWC image patches into rows of a matrix and folds them back, so a convolution becomes one GEMM:
/// row <c>(n, oh, ow)</c> of <c>col [N*OH*OW, KH*KW*C]</c> holds the window at that output position in
/// <c>(kh, kw, c)</c> order, the order of a Keras kernel <c>[KH, KW, C, F]</c> read as <c>[KH*KW*C, F]</c>.
/// </summary>
public static class Im2Col
{
    /// <summary>col = the patches of x (zeros where the window covers padding).</summary>
    public static void Pack(ReadOnlySpan<float> x, Span<float> col, in WindowGeometry g)
    {
        int rowLen = g.KW * g.C;
        int patch = g.Patch;
        int r = 0;
        for (int n = 0; n < g.N; n++)
        {
            var image = x.Slice(n * g.H * g.W * g.C, g.H * g.W * g.C);
            for (int oh = 0; oh < g.OH; oh++)
            {
                int top = (oh * g.SH) - g.PadTop;
                for (int ow = 0; ow < g.OW; ow++, r++)
                {
                    int left = (ow * g.SW) - g.PadLeft;
                    var dst = col.Slice(r * patch, patch);
                    int kwFirst = Math.Max(0, -left);
                    int kwLast = Math.Min(g.KW, g.W - left);
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        var d = dst.Slice(kh * rowLen, rowLen);
                        int ih = top + kh;
                        if ((uint)ih >= (uint)g.H || kwFirst >= kwLast)
                        {
                            d.Clear();
                            continue;
                        }

                        d[..(kwFirst * g.C)].Clear();
                        int count = (kwLast - kwFirst) * g.C;
                        image.Slice(((ih * g.W) + left + kwFirst) * g.C, count).CopyTo(d.Slice(kwFirst * g.C, count));
                        d[(kwLast * g.C)..].Clear();
                    }
                }
            }
        }
    }

    /// <summary>dx (+)= the patches of col added back onto the image (the adjoint of <see cref="Pack"/>).</summary>
    public static void Unpack(ReadOnlySpan<float> col, Span<float> dx, in WindowGeometry g, bool accumulate)
    {
        if (!accumulate)
        {
            dx[..g.InputSize].Clear();
        }

        int rowLen = g.KW * g.C;
        int patch = g.Patch;
        int r = 0;
        for (int n = 0; n < g.N; n++)
        {
            var image = dx.Slice(n * g.H * g.W * g.C, g.H * g.W * g.C);
            for (int oh = 0; oh < g.OH; oh++)
            {
                int top = (oh * g.SH) - g.PadTop;
                for (int ow = 0; ow < g.OW; ow++, r++)
                {
                    int left = (ow * g.SW) - g.PadLeft;
                    var src = col.Slice(r * patch, patch);
                    int kwFirst = Math.Max(0, -left);
                    int kwLast = Math.Min(g.KW, g.W - left);
                    if (kwFirst >= kwLast)
                    {
                        continue;
                    }

                    int count = (kwLast - kwFirst) * g.C;
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        int ih = top + kh;
                        if ((uint)ih >= (uint)g.H)
                        {
                            continue;
                        }

                        var d = image.Slice(((ih * g.W) + left + kwFirst) * g.C, count);
                        TensorPrimitives.Add(d, src.Slice((kh * rowLen) + (kwFirst * g.C), count), d);
                    }
                }
            }
        }
    }
}
