using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution, channels-last, like <c>keras.ops.conv</c> plus an optional bias:
    /// x <c>[N, H, W, C]</c>, kernel <c>[KH, KW, C, F]</c>, bias <c>[F]</c> -> <c>[N, OH, OW, F]</c>.
    /// </summary>
    public static Tensor Conv2D(Tensor x, Tensor kernel, Tensor? bias, Window2D window) => Conv2D(x, kernel, bias, window, relu: false);

    /// <summary>
    /// <see cref="Conv2D(Tensor, Tensor, Tensor?, Window2D)"/> followed by max(y, 0) when <paramref name="relu"/>: one
    /// op, so the ReLU runs on each block of the output while it is in cache and the tape holds one node, not two.
    /// </summary>
    public static Tensor Conv2D(Tensor x, Tensor kernel, Tensor? bias, Window2D window, bool relu)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (x.Rank != 4 || kernel.Rank != 4)
        {
            throw new ArgumentException($"Conv2D needs x [N, H, W, C] and a kernel [KH, KW, C, F]; got {x.Shape} and {kernel.Shape}.");
        }

        if (kernel.Shape[0] != window.Height || kernel.Shape[1] != window.Width || kernel.Shape[2] != x.Shape[3])
        {
            throw new ArgumentException(
                $"Conv2D: a kernel {kernel.Shape} does not fit a {window.Height}x{window.Width} window over {x.Shape[3]} channels.");
        }

        int filters = kernel.Shape[3];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != filters))
        {
            throw new ArgumentException($"Conv2D: the bias must have shape [{filters}]; got {bias.Shape}.");
        }

        var g = window.Over(x.Shape);
        var y = GradientTape.NewOutput(new Shape(g.N, g.OH, g.OW, filters));
        Convolution.Forward(x.ReadOnlySpan, kernel.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, y.Span, g, filters, relu);

        var node = GradientTape.Record(relu ? Conv2DGrad.ReluInstance : Conv2DGrad.Instance, y, x, kernel, bias);
        if (node is not null)
        {
            node.Attributes = window;
        }

        return y;
    }

    /// <summary>Conv2D with square strides; allocates its <see cref="Window2D"/> (layers keep one instead).</summary>
    public static Tensor Conv2D(Tensor x, Tensor kernel, int strides = 1, Padding padding = Padding.Valid) =>
        Conv2D(x, kernel, null, new Window2D(kernel.Shape[0], kernel.Shape[1], strides, strides, padding));

    private sealed class Conv2DGrad(bool relu) : Op
    {
        public static readonly Conv2DGrad Instance = new(false);

        public static readonly Conv2DGrad ReluInstance = new(true);

        public override string Name => "conv2d";

        // y[p, f] = sum_q col[p, q] * K[q, f] + b[f], with col = im2col(x) (p = output position, q = (kh, kw, c)):
        //   dL/dK = col^T @ g;   dL/db[f] = sum_p g[p, f];   dL/dcol = g @ K^T, and dL/dx = col2im(dL/dcol), the
        //   adjoint of im2col: each input element collects the gradient of every window position that copied it.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, kernel = node.B!;
            var geo = ((Window2D)node.Attributes!).Over(x.Shape);
            int filters = kernel.Shape[3];
            ReadOnlySpan<float> gs = g.ReadOnlySpan;
            ReadOnlySpan<float> reluOutput = default;
            if (relu && grads.Needs(kernel) && !grads.Needs(x) && Convolution.ReadsInPlace(geo, filters))
            {
                // A fused ReLU: the gradient before it is g where y > 0, else 0 (y is the ReLU's output). With only the
                // kernel gradient to compute (a first layer), that pass masks g itself a piece at a time.
                reluOutput = node.Output.ReadOnlySpan;
            }
            else if (relu)
            {
                var masked = Temp(g.Size);
                Elementwise.ReluBackward(node.Output.ReadOnlySpan, gs, masked, false);
                gs = masked;
            }

            bool biasToo = node.C is { } b && grads.Needs(b);
            if (grads.Needs(kernel))
            {
                // The bias gradient in the same pass over g when both are wanted.
                var dk = grads.Slot(kernel, out bool acc);
                Span<float> db = default;
                bool accBias = false;
                if (biasToo)
                {
                    db = grads.Slot(node.C!, out accBias).Span;
                }

                Convolution.BackwardKernel(x.ReadOnlySpan, gs, reluOutput, dk.Span, db, geo, filters, acc, accBias);
                biasToo = false;
            }

            if (biasToo)
            {
                var bias = node.C!;
                var db = grads.Slot(bias, out bool acc);
                Convolution.BiasGradient(gs, db.Span, acc);
            }

            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                Convolution.BackwardInput(gs, kernel.ReadOnlySpan, dx.Span, geo, filters, acc);
            }
        }
    }
}
