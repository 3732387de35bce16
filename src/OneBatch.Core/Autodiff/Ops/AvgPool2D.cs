using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Average pooling, channels-last: x <c>[N, H, W, C]</c> -> <c>[N, OH, OW, C]</c>, the mean of the image elements
    /// in each window (padding is not counted, as in Keras).
    /// </summary>
    public static Tensor AvgPool2D(Tensor x, Window2D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var g = PoolGeometry("AvgPool2D", x, window);
        var y = GradientTape.NewOutput(new Shape(g.N, g.OH, g.OW, g.C));
        Pooling.AverageForward(x.ReadOnlySpan, y.Span, g);
        var node = GradientTape.Record(AvgPool2DGrad.Instance, y, x);
        if (node is not null)
        {
            node.Attributes = window;
        }

        return y;
    }

    private sealed class AvgPool2DGrad : Op
    {
        public static readonly AvgPool2DGrad Instance = new();

        public override string Name => "avg_pool2d";

        // y[o] = (1 / |W_o|) * sum_{j in W_o} x[j]  (W_o = the image elements of window o):
        //   dL/dx[j] = sum over the windows o that contain j of g[o] / |W_o|.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                Pooling.AverageBackward(g.ReadOnlySpan, dx.Span, ((Window2D)node.Attributes!).Over(x.Shape), acc);
            }
        }
    }
}
