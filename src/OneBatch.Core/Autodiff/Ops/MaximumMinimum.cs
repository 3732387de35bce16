using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>max(a, b), elementwise, with NumPy broadcasting, like <c>keras.ops.maximum</c>.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary(BinaryKind.Maximum, a, b, ExtremumGrad.Max);

    /// <summary>min(a, b), elementwise, with NumPy broadcasting, like <c>keras.ops.minimum</c>.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary(BinaryKind.Minimum, a, b, ExtremumGrad.Min);

    private sealed class ExtremumGrad(bool max) : Op
    {
        public static readonly ExtremumGrad Max = new(true);
        public static readonly ExtremumGrad Min = new(false);

        public override string Name => max ? "maximum" : "minimum";

        // y = max(a, b):  dL/da = g * (a >= b);  dL/db = g * (a < b)   (TensorFlow's rule: a tie goes to a)
        // y = min(a, b):  dL/da = g * (a <= b);  dL/db = g * (a > b)
        // An operand that was broadcast gets its gradient summed over the axes it was repeated along.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor a = node.A!, b = node.B!;
            bool needA = grads.Needs(a), needB = grads.Needs(b);
            if (!needA && !needB)
            {
                return;
            }

            var shape = node.Output.Shape;
            int n = g.Size;
            var work = Temp(2 * n);
            Span<float> toA = work[..n], part = work[n..];
            var gs = g.ReadOnlySpan;
            Broadcast.Combine(max ? BinaryKind.AtLeast : BinaryKind.AtMost, a.ReadOnlySpan, a.Shape, b.ReadOnlySpan, b.Shape, toA, shape);
            if (needA)
            {
                TensorPrimitives.Multiply(gs, toA, part);
                DeliverBroadcast(grads, a, part, shape);
            }

            if (needB)
            {
                TensorPrimitives.Subtract(1f, toA, part);
                TensorPrimitives.Multiply(gs, part, part);
                DeliverBroadcast(grads, b, part, shape);
            }
        }
    }
}
