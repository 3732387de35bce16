using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Images resized by bilinear interpolation with half-pixel centres, like <c>keras.ops.image.resize(x, (height,
    /// width), interpolation="bilinear")</c> (antialias off): x <c>[N, H, W, C]</c> -> <c>[N, height, width, C]</c>.
    /// </summary>
    public static Tensor ResizeBilinear(Tensor x, int height, int width)
    {
        if (x.Rank != 4 || x.Shape[1] == 0 || x.Shape[2] == 0)
        {
            throw new ArgumentException($"ResizeBilinear needs non-empty images x [N, H, W, C]; got {x.Shape}.");
        }

        if (height <= 0 || width <= 0)
        {
            throw new ArgumentException($"ResizeBilinear needs a positive size; got {height}x{width}.");
        }

        var s = x.Shape;
        var y = GradientTape.NewOutput(new Shape(s[0], height, width, s[3]));
        BilinearResize.Forward(x.ReadOnlySpan, y.Span, s[0], s[1], s[2], s[3], height, width);
        GradientTape.Record(ResizeBilinearGrad.Instance, y, x);
        return y;
    }

    private sealed class ResizeBilinearGrad : Op
    {
        public static readonly ResizeBilinearGrad Instance = new();

        public override string Name => "resize_bilinear";

        // y[o, p] = sum over the four (i, j) around o, p of a_o(i) * b_p(j) * x[i, j] (a, b the row and column
        // weights): dL/dx[i, j] = sum over (o, p) of a_o(i) * b_p(j) * g[o, p], the same weights scattered back.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool accumulate);
            var s = x.Shape;
            BilinearResize.Backward(g.ReadOnlySpan, dx.Span, s[0], s[1], s[2], s[3], g.Shape[1], g.Shape[2], accumulate);
        }
    }
}
