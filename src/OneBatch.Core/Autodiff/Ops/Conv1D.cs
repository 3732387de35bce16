using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// 1-D convolution over the steps of sequences, channels-last, like <c>keras.ops.conv</c> on rank-3 inputs (and
    /// Keras's causal padding) plus an optional bias: x <c>[N, L, C]</c>, kernel <c>[K, C, F]</c>, bias <c>[F]</c> ->
    /// <c>[N, OL, F]</c>. The sequences run through the 2-D kernels as images one row high.
    /// </summary>
    public static Tensor Conv1D(Tensor x, Tensor kernel, Tensor? bias, Window1D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (x.Rank != 3 || kernel.Rank != 3)
        {
            throw new ArgumentException($"Conv1D needs x [N, L, C] and a kernel [K, C, F]; got {x.Shape} and {kernel.Shape}.");
        }

        if (kernel.Shape[0] != window.Size || kernel.Shape[1] != x.Shape[2])
        {
            throw new ArgumentException($"Conv1D: a kernel {kernel.Shape} does not fit a {window.Size}-step window over {x.Shape[2]} channels.");
        }

        int filters = kernel.Shape[2];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != filters))
        {
            throw new ArgumentException($"Conv1D: the bias must have shape [{filters}]; got {bias.Shape}.");
        }

        var g = window.Over(x.Shape);
        var y = GradientTape.NewOutput(new Shape(g.N, g.OW, filters));
        Convolution.Forward(x.ReadOnlySpan, kernel.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, y.Span, g, filters);

        var node = GradientTape.Record(Conv1DGrad.Instance, y, x, kernel, bias);
        if (node is not null)
        {
            node.Attributes = window;
        }

        return y;
    }

    private sealed class Conv1DGrad : Op
    {
        public static readonly Conv1DGrad Instance = new();

        public override string Name => "conv1d";

        // y[p, f] = sum_q col[p, q] * K[q, f] + b[f], with col = im2col(x) (p = (n, t), q = (j, c); col[p, (j, c)] =
        // x[n, t*s - pad + j*d, c], or 0 in the padding):
        //   dL/dK = col^T @ g;   dL/db[f] = sum_p g[p, f];   dL/dcol = g @ K^T, and dL/dx = col2im(dL/dcol): each input
        //   step collects the gradient of every (output step, tap) that read it, padding reads dropping out.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, kernel = node.B!;
            var geo = ((Window1D)node.Attributes!).Over(x.Shape);
            int filters = kernel.Shape[2];
            if (grads.Needs(kernel))
            {
                var dk = grads.Slot(kernel, out bool acc);
                Convolution.BackwardKernel(x.ReadOnlySpan, g.ReadOnlySpan, dk.Span, geo, filters, acc);
            }

            if (node.C is { } bias && grads.Needs(bias))
            {
                var db = grads.Slot(bias, out bool acc);
                Convolution.BiasGradient(g.ReadOnlySpan, db.Span, acc);
            }

            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                Convolution.BackwardInput(g.ReadOnlySpan, kernel.ReadOnlySpan, dx.Span, geo, filters, acc);
            }
        }
    }
}
