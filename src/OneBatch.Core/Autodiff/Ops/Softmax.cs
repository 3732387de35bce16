using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>Softmax over the last axis: e^(x - max) / sum(e^(x - max)).</summary>
    public static Tensor Softmax(Tensor x)
    {
        var y = GradientTape.NewOutput(x.Shape);
        int c = x.Shape.Last;
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        for (int o = 0; o + c <= xs.Length && c > 0; o += c)
        {
            SoftmaxRow(xs.Slice(o, c), ys.Slice(o, c));
        }

        GradientTape.Record(SoftmaxGrad.Instance, y, x);
        return y;
    }

    /// <summary>One row: y = e^(x - max) / sum.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    private sealed class SoftmaxGrad : Op
    {
        public static readonly SoftmaxGrad Instance = new();

        public override string Name => "softmax";

        // y = softmax(x) per row:  dL/dx = y * (g - sum(g * y))
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
                var yr = ys.Slice(o, c);
                var gr = gs.Slice(o, c);
                float dot = TensorPrimitives.Dot(gr, yr);
                var dr = d.Slice(o, c);
                TensorPrimitives.Subtract(gr, dot, dr);
                TensorPrimitives.Multiply(dr, yr, dr);
            }

            grads.Add(x, d);
        }
    }
}
