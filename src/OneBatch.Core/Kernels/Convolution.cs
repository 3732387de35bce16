using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        int rows = f == 0 ? 0 : y.Length / f;
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float br = ref MemoryMarshal.GetReference(bias);
        int j = 0;
        for (; j + 16 <= f; j += 16)
        {
            var b = Vector512.LoadUnsafe(ref br, (nuint)j);
            for (int r = 0; r < rows; r++)
            {
                ref float at = ref Unsafe.Add(ref yr, (r * f) + j);
                (Vector512.LoadUnsafe(ref at) + b).StoreUnsafe(ref at);
            }
        }

        for (; j < f; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                Unsafe.Add(ref yr, (r * f) + j) += bias[j];
            }
        }
    }

    /// <summary>dBias[f] (+)= sum over the rows p of dy <c>[rows, F]</c> of dy[p, f].</summary>
    public static void BiasGradient(ReadOnlySpan<float> dy, Span<float> dBias, bool accumulate)
    {
        int f = dBias.Length;
        int rows = f == 0 ? 0 : dy.Length / f;
        ref float gr = ref MemoryMarshal.GetReference(dy);
        int j = 0;
        for (; j + 16 <= f; j += 16)
        {
            var sum = Vector512<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                sum += Vector512.LoadUnsafe(ref gr, (nuint)((r * f) + j));
            }

            var d = dBias.Slice(j, 16);
            (accumulate ? sum + Vector512.Create((ReadOnlySpan<float>)d) : sum).CopyTo(d);
        }

        for (; j < f; j++)
        {
            float sum = 0f;
            for (int r = 0; r < rows; r++)
            {
                sum += Unsafe.Add(ref gr, (r * f) + j);
            }

            dBias[j] = accumulate ? dBias[j] + sum : sum;
        }
    }
}
