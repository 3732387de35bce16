using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>Log of the softmax over the last axis: (x - max) - log(sum(e^(x - max))).</summary>
    public static Tensor LogSoftmax(Tensor x)
    {
        var y = GradientTape.NewOutput(x.Shape);
        int c = x.Shape.Last;
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        for (int o = 0; o + c <= xs.Length && c > 0; o += c)
        {
            var xr = xs.Slice(o, c);
            var yr = ys.Slice(o, c);
            float max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Exp(yr, yr);
            float logSum = MathF.Log(TensorPrimitives.Sum(yr));

            // (x - max) - logSum, not x - (max + logSum): next to a large max, logSum would be rounded away.
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Subtract(yr, logSum, yr);
        }

        GradientTape.Record(LogSoftmaxGrad.Instance, y, x);
        return y;
    }

    private sealed class LogSoftmaxGrad : Op
    {
        public static readonly LogSoftmaxGrad Instance = new();

        public override string Name => "log_softmax";

        // y = log_softmax(x) per row:  dL/dx = g - e^y * sum(g)
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            int c = x.Shape.Last;
            var ys = node.Output.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var d = Temp(x.Size);
            for (int o = 0; o + c <= ys.Length && c > 0; o += c)
            {
                var dr = d.Slice(o, c);
                TensorPrimitives.Exp(ys.Slice(o, c), dr);
                TensorPrimitives.MultiplyAdd(dr, -TensorPrimitives.Sum(gs.Slice(o, c)), gs.Slice(o, c), dr);
            }

            grads.Add(x, d);
        }
    }
}
