using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Depthwise 2-D convolution, channels-last, like <c>keras.ops.depthwise_conv</c> plus an optional bias: x
    /// <c>[N, H, W, C]</c>, kernel <c>[KH, KW, C, M]</c>, bias <c>[C * M]</c> -> <c>[N, OH, OW, C * M]</c>, output
    /// channel <c>c * M + m</c> being channel c convolved with kernel <c>[:, :, c, m]</c>.
    /// </summary>
    public static Tensor DepthwiseConv2D(Tensor x, Tensor kernel, Tensor? bias, Window2D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (x.Rank != 4 || kernel.Rank != 4)
        {
            throw new ArgumentException($"DepthwiseConv2D needs x [N, H, W, C] and a kernel [KH, KW, C, M]; got {x.Shape} and {kernel.Shape}.");
        }

        if (kernel.Shape[0] != window.Height || kernel.Shape[1] != window.Width || kernel.Shape[2] != x.Shape[3])
        {
            throw new ArgumentException(
                $"DepthwiseConv2D: a kernel {kernel.Shape} does not fit a {window.Height}x{window.Width} window over {x.Shape[3]} channels.");
        }

        int multiplier = kernel.Shape[3], depth = x.Shape[3] * multiplier;
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != depth))
        {
            throw new ArgumentException($"DepthwiseConv2D: the bias must have shape [{depth}]; got {bias.Shape}.");
        }

        var g = window.Over(x.Shape);
        var y = GradientTape.NewOutput(new Shape(g.N, g.OH, g.OW, depth));
        DepthwiseConvolution.Forward(x.ReadOnlySpan, kernel.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, y.Span, g, multiplier);

        var node = GradientTape.Record(DepthwiseConv2DGrad.Instance, y, x, kernel, bias);
        if (node is not null)
        {
            node.Attributes = window;
        }

        return y;
    }

    private sealed class DepthwiseConv2DGrad : Op
    {
        public static readonly DepthwiseConv2DGrad Instance = new();

        public override string Name => "depthwise_conv2d";

        // y[p, c*M + m] = sum_t x[at(p, t), c] * K[t, c, m] + b[c*M + m] (p = output position, t = tap (kh, kw), at(p, t)
        // the input pixel tap t of position p reads, or padding):
        //   dL/dK[t, c, m] = sum_p x[at(p, t), c] * g[p, c*M + m];   dL/db[d] = sum_p g[p, d];
        //   dL/dx[q, c] = sum over (p, t) with at(p, t) = q, and m, of g[p, c*M + m] * K[t, c, m].
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, kernel = node.B!;
            var geo = ((Window2D)node.Attributes!).Over(x.Shape);
            int multiplier = kernel.Shape[3];
            if (grads.Needs(kernel))
            {
                var dk = grads.Slot(kernel, out bool acc);
                DepthwiseConvolution.BackwardKernel(x.ReadOnlySpan, g.ReadOnlySpan, dk.Span, geo, multiplier, acc);
            }

            if (node.C is { } bias && grads.Needs(bias))
            {
                var db = grads.Slot(bias, out bool acc);
                Convolution.BiasGradient(g.ReadOnlySpan, db.Span, acc);
            }

            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                DepthwiseConvolution.BackwardInput(g.ReadOnlySpan, kernel.ReadOnlySpan, dx.Span, geo, multiplier, acc);
            }
        }
    }
}
