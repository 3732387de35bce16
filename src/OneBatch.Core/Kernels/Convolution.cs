namespace OneBatch.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as in Keras) of NHWC images with a kernel <c>[KH, KW, C, F]</c>, by im2col and
/// GEMM: <c>y [N*OH*OW, F] = col [N*OH*OW, KH*KW*C] @ kernel [KH*KW*C, F]</c>.
/// </summary>
public static class Convolution
{
    /// <summary>y = conv(x, kernel); <paramref name="col"/> receives the im2col matrix (Positions * Patch floats) for the backward pass.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, Span<float> col, in WindowGeometry g, int filters)
    {
        ReadOnlySpan<float> a = x;
        if (!g.IsPointwise)
        {
            Im2Col.Pack(x, col, g);
            a = col;
        }

        Gemm.Multiply(a, false, kernel, false, y, g.Positions, filters, g.Patch);
    }

    /// <summary>dKernel (+)= col^T @ dy: <c>[Patch, Positions] @ [Positions, F]</c>.</summary>
    public static void BackwardKernel(ReadOnlySpan<float> col, ReadOnlySpan<float> dy, Span<float> dKernel, in WindowGeometry g, int filters, bool accumulate)
    {
        Gemm.Multiply(col, true, dy, false, dKernel, g.Patch, filters, g.Positions, accumulate);
    }

    /// <summary>dx (+)= col2im(dy @ kernel^T); <paramref name="dCol"/> is scratch of Positions * Patch floats.</summary>
    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> kernel, Span<float> dx, Span<float> dCol, in WindowGeometry g, int filters, bool accumulate)
    {
        if (g.IsPointwise)
        {
            Gemm.Multiply(dy, false, kernel, true, dx, g.Positions, g.Patch, filters, accumulate);
            return;
        }

        Gemm.Multiply(dy, false, kernel, true, dCol, g.Positions, g.Patch, filters);
        Im2Col.Unpack(dCol, dx, g, accumulate);
    }

    /// <summary>y[p, f] += bias[f] for every row p of y <c>[rows, F]</c>.</summary>
    public static void AddBias(Span<float> y, ReadOnlySpan<float> bias)
    {
        int f = bias.Length;
        for (int o = 0; o + f <= y.Length; o += f)
        {
            var row = y.Slice(o, f);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>dBias[f] (+)= sum over the rows p of dy <c>[rows, F]</c> of dy[p, f].</summary>
    public static void BiasGradient(ReadOnlySpan<float> dy, Span<float> dBias, bool accumulate)
    {
        if (!accumulate)
        {
            dBias.Clear();
        }

        int f = dBias.Length;
        for (int o = 0; o + f <= dy.Length; o += f)
        {
            TensorPrimitives.Add(dBias, dy.Slice(o, f), dBias);
        }
    }
}
