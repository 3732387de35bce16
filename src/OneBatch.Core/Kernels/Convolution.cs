using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as in Keras) of NHWC images with a kernel <c>[KH, KW, C, F]</c>, by im2col and
/// GEMM: <c>y [N*OH*OW, F] = col [N*OH*OW, KH*KW*C] @ kernel [KH*KW*C, F]</c>. The patch matrix col is never
/// stored whole: each pass builds it a block of rows at a time in scratch (about 512 KB, so a block stays in cache
/// between im2col and its GEMM) and the backward pass rebuilds it rather than keep megabytes alive between passes.
/// </summary>
public static class Convolution
{
    private const int BlockFloats = 128 * 1024;

    /// <summary>y = conv(x, kernel), y <c>[N*OH*OW, F]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, in WindowGeometry g, int filters)
    {
        if (g.IsPointwise)
        {
            Gemm.Multiply(x, false, kernel, false, y, g.Positions, filters, g.Patch);
            return;
        }

        int block = BlockRows(g);
        var col = Scratch.Get(Scratch.Convolution, block * g.Patch).AsSpan();
        for (int p = 0; p < g.Positions; p += block)
        {
            int rows = Math.Min(block, g.Positions - p);
            Im2Col.Pack(x, col, g, p, rows);
            Gemm.Multiply(col, false, kernel, false, y.Slice(p * filters, rows * filters), rows, filters, g.Patch);
        }
    }

    /// <summary>dKernel (+)= col^T @ dy: <c>[Patch, Positions] @ [Positions, F]</c>, col rebuilt from x block by block.</summary>
    public static void BackwardKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dKernel, in WindowGeometry g, int filters, bool accumulate)
    {
        int block = BlockRows(g);
        var col = g.IsPointwise ? default : Scratch.Get(Scratch.Convolution, block * g.Patch).AsSpan();
        for (int p = 0; p < g.Positions; p += block)
        {
            int rows = Math.Min(block, g.Positions - p);
            ReadOnlySpan<float> a;
            if (g.IsPointwise)
            {
                a = x.Slice(p * g.Patch, rows * g.Patch);
            }
            else
            {
                Im2Col.Pack(x, col, g, p, rows);
                a = col;
            }

            Gemm.Multiply(a, true, dy.Slice(p * filters, rows * filters), false, dKernel, g.Patch, filters, rows, accumulate || p > 0);
        }
    }

    /// <summary>dx (+)= col2im(dy @ kernel^T), a block of rows at a time.</summary>
    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> kernel, Span<float> dx, in WindowGeometry g, int filters, bool accumulate)
    {
        if (g.IsPointwise)
        {
            Gemm.Multiply(dy, false, kernel, true, dx, g.Positions, g.Patch, filters, accumulate);
            return;
        }

        if (!accumulate)
        {
            dx[..g.InputSize].Clear();
        }

        int block = BlockRows(g);
        var dCol = Scratch.Get(Scratch.Convolution, block * g.Patch).AsSpan();
        for (int p = 0; p < g.Positions; p += block)
        {
            int rows = Math.Min(block, g.Positions - p);
            Gemm.Multiply(dy.Slice(p * filters, rows * filters), false, kernel, true, dCol, rows, g.Patch, filters);
            Im2Col.Unpack(dCol, dx, g, p, rows);
        }
    }

    /// <summary>Rows of the patch matrix per block.</summary>
    private static int BlockRows(in WindowGeometry g) => Math.Clamp(BlockFloats / Math.Max(1, g.Patch), 1, Math.Max(1, g.Positions));

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
