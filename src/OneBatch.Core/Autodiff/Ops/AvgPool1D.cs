using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Average pooling along the steps of sequences, channels-last: x <c>[N, L, C]</c> -> <c>[N, OL, C]</c>, the mean
    /// of the real steps in each window (with "same" padding a border window divides by the steps it covers, not by
    /// its size, as in Keras). The 2-D pooling kernel runs on x seen as images <c>[N, 1, L, C]</c>, which is exact.
    /// </summary>
    public static Tensor AvgPool1D(Tensor x, Window1D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var g = Pool1DGeometry("AvgPool1D", x, window);
        var y = GradientTape.NewOutput(new Shape(g.N, g.OW, g.C));
        Pooling.AverageForward(x.ReadOnlySpan, y.Span, g);
        var node = GradientTape.Record(AvgPool1DGrad.Instance, y, x);
        if (node is not null)
        {
            node.Attributes = window;
        }

        return y;
    }

    private sealed class AvgPool1DGrad : Op
    {
        public static readonly AvgPool1DGrad Instance = new();

        public override string Name => "avg_pool1d";

        // y[o] = (1 / |W_o|) * sum_{t in W_o} x[t]  (W_o = the real steps of window o):
        //   dL/dx[t] = sum over the windows o that contain t of g[o] / |W_o|.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                Pooling.AverageBackward(g.ReadOnlySpan, dx.Span, ((Window1D)node.Attributes!).Over(x.Shape), acc);
            }
        }
    }
}
