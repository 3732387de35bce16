using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Transposed 2-D convolution, channels-last, like <c>keras.ops.conv_transpose</c> plus an optional bias:
    /// x <c>[N, H, W, C]</c>, kernel <c>[KH, KW, F, C]</c> (Keras's layout: filters before input channels), bias
    /// <c>[F]</c> -> <c>[N, OH, OW, F]</c>. It is the adjoint of the convolution of <c>[N, OH, OW, F]</c> images
    /// by the same kernel read as <c>[KH, KW, F, C]</c>: a GEMM against the kernel, then col2im.
    /// </summary>
    public static Tensor Conv2DTranspose(Tensor x, Tensor kernel, Tensor? bias, TransposedWindow2D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (x.Rank != 4 || kernel.Rank != 4)
        {
            throw new ArgumentException($"Conv2DTranspose needs x [N, H, W, C] and a kernel [KH, KW, F, C]; got {x.Shape} and {kernel.Shape}.");
        }

        if (kernel.Shape[0] != window.Height || kernel.Shape[1] != window.Width || kernel.Shape[3] != x.Shape[3])
        {
            throw new ArgumentException(
                $"Conv2DTranspose: a kernel {kernel.Shape} does not fit a {window.Height}x{window.Width} window over {x.Shape[3]} input channels.");
        }

        int filters = kernel.Shape[2];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != filters))
        {
            throw new ArgumentException($"Conv2DTranspose: the bias must have shape [{filters}]; got {bias.Shape}.");
        }

        // g: the convolution [N, OH, OW, F] -> [N, H, W, C] whose adjoint this is (its "filters" are x's channels).
        var g = window.Over(x.Shape, filters);
        int channels = x.Shape[3];
        var y = GradientTape.NewOutput(new Shape(g.N, g.H, g.W, filters));
        Convolution.BackwardInput(x.ReadOnlySpan, kernel.ReadOnlySpan, y.Span, g, channels, accumulate: false);
        if (bias is not null)
        {
            Convolution.AddBias(y.Span, bias.ReadOnlySpan);
        }

        var node = GradientTape.Record(Conv2DTransposeGrad.Instance, y, x, kernel, bias);
        if (node is not null)
        {
            node.Attributes = window;
        }

        return y;
    }

    private sealed class Conv2DTransposeGrad : Op
    {
        public static readonly Conv2DTransposeGrad Instance = new();

        public override string Name => "conv2d_transpose";

        // y = conv^T(x) + b, where conv(z)[p, c] = sum_q col(z)[p, q] * K[q, c] maps [N, OH, OW, F] to [N, H, W, C]:
        // y = col2im(x @ K^T). Then dL/dx = conv(g) = col(g) @ K (a convolution forward pass over the output gradient);
        // dL/dK[q, c] = sum_p col(g)[p, q] * x[p, c] = col(g)^T @ x (conv's kernel gradient with g as its input and x as
        // its output gradient); dL/db[f] = sum over positions of g[., f].
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, kernel = node.B!;
            int filters = kernel.Shape[2], channels = x.Shape[3];
            var geo = ((TransposedWindow2D)node.Attributes!).Over(x.Shape, filters);
            if (grads.Needs(kernel))
            {
                var dk = grads.Slot(kernel, out bool acc);
                Convolution.BackwardKernel(g.ReadOnlySpan, x.ReadOnlySpan, dk.Span, geo, channels, acc);
            }

            if (node.C is { } bias && grads.Needs(bias))
            {
                var db = grads.Slot(bias, out bool acc);
                Convolution.BiasGradient(g.ReadOnlySpan, db.Span, acc);
            }

            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                if (!acc)
                {
                    Convolution.Forward(g.ReadOnlySpan, kernel.ReadOnlySpan, dx.Span, geo, channels);
                    return;
                }

                var partial = Temp(x.Size);
                Convolution.Forward(g.ReadOnlySpan, kernel.ReadOnlySpan, partial, geo, channels);
                TensorPrimitives.Add(dx.Span, partial, dx.Span);
            }
        }
    }
}
