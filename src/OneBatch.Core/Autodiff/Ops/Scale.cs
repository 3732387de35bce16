using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>s * x + b for constants s and b (b defaults to 0).</summary>
    public static Tensor Scale(Tensor x, float s, float b = 0f)
    {
        var y = GradientTape.NewOutput(x.Shape);
        TensorPrimitives.Multiply(x.ReadOnlySpan, s, y.Span);
        if (b != 0f)
        {
            TensorPrimitives.Add(y.Span, b, y.Span);
        }
        var node = GradientTape.Record(ScaleGrad.Instance, y, x);
        if (node is not null)
        {
            node.F0 = s;
        }

        return y;
    }

    private sealed class ScaleGrad : Op
    {
        public static readonly ScaleGrad Instance = new();

        public override string Name => "scale";

        // y = s * x + b:  dL/dx = s * g
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            if (grads.Needs(node.A))
            {
                AccumulateScaled(grads, node.A!, g.ReadOnlySpan, node.F0);
            }
        }
    }
}
