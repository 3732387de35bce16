using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>x limited to [min, max], like <c>keras.ops.clip</c>.</summary>
    public static Tensor Clip(Tensor x, float min, float max)
    {
        if (!(min <= max))
        {
            throw new ArgumentException($"Clip needs min <= max; got [{min}, {max}].");
        }

        var y = GradientTape.NewOutput(x.Shape);
        TensorPrimitives.Clamp(x.ReadOnlySpan, min, max, y.Span);
        var node = GradientTape.Record(ClipGrad.Instance, y, x);
        if (node is not null)
        {
            node.F0 = min;
            node.F1 = max;
        }

        return y;
    }

    private sealed class ClipGrad : Op
    {
        public static readonly ClipGrad Instance = new();

        public override string Name => "clip";

        // y = clip(x, lo, hi):  dL/dx = g * (lo <= x <= hi)   (TensorFlow's rule: the bounds pass the gradient)
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            var xs = x.ReadOnlySpan;
            var d = Temp(x.Size);
            float lo = node.F0, hi = node.F1;
            for (int i = 0; i < xs.Length; i++)
            {
                d[i] = xs[i] >= lo && xs[i] <= hi ? 1f : 0f;
            }

            AccumulateProduct(grads, x, g.ReadOnlySpan, d);
        }
    }
}
