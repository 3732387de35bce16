using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// a + b, elementwise, with NumPy broadcasting: a bias <c>[c]</c> over <c>[n, c]</c>, a scalar, <c>[n, 1, 1, c]</c> over
    /// <c>[n, h, w, c]</c>, <c>[n, 1, c]</c> with <c>[1, m, c]</c> (giving <c>[n, m, c]</c>), ...
    /// </summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(BinaryKind.Add, a, b);

    /// <summary>a - b, elementwise, with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(BinaryKind.Subtract, a, b);

    /// <summary>a * b, elementwise, with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(BinaryKind.Multiply, a, b);

    /// <summary>a / b, elementwise, with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary(BinaryKind.Divide, a, b);

    private static Tensor Binary(BinaryKind kind, Tensor a, Tensor b) => Binary(kind, a, b, BinaryGrad.Of(kind));

    /// <summary>y = op(a, b) elementwise, with NumPy broadcasting: y has the broadcast shape of a and b.</summary>
    private static Tensor Binary(BinaryKind kind, Tensor a, Tensor b, Op rule)
    {
        var shape = Broadcast.ShapeOf(a.Shape, b.Shape)
            ?? throw new ArgumentException($"{kind}: cannot broadcast shapes {a.Shape} and {b.Shape}.");
        var y = GradientTape.NewOutput(shape);
        Broadcast.Combine(kind, a.ReadOnlySpan, a.Shape, b.ReadOnlySpan, b.Shape, y.Span, shape);
        GradientTape.Record(rule, y, a, b);
        return y;
    }

    /// <summary>dL/d(operand) (+)= <paramref name="full"/>, a gradient of the output's shape, summed over the axes the operand was repeated along.</summary>
    private static void DeliverBroadcast(GradientStore grads, Tensor operand, ReadOnlySpan<float> full, Shape shape)
    {
        var slot = grads.Slot(operand, out bool accumulate);
        Broadcast.SumTo(full, shape, slot.Span, operand.Shape, accumulate);
    }

    private sealed class BinaryGrad(BinaryKind kind) : Op
    {
        private static readonly BinaryGrad[] All =
            [new(BinaryKind.Add), new(BinaryKind.Subtract), new(BinaryKind.Multiply), new(BinaryKind.Divide)];

        public static BinaryGrad Of(BinaryKind kind) => All[(int)kind];

        public override string Name => kind.ToString().ToLowerInvariant();

        // y = a + b:  dL/da = g;        dL/db = g
        // y = a - b:  dL/da = g;        dL/db = -g
        // y = a * b:  dL/da = g * b;    dL/db = g * a
        // y = a / b:  dL/da = g / b;    dL/db = -g * a / b^2 = -g * y / b
        // An operand that was broadcast gets its gradient summed over the axes it was repeated along.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor a = node.A!, b = node.B!, y = node.Output;
            var shape = y.Shape;
            var gs = g.ReadOnlySpan;
            var t = Temp(g.Size);

            if (grads.Needs(a))
            {
                switch (kind)
                {
                    case BinaryKind.Add:
                    case BinaryKind.Subtract:
                        DeliverBroadcast(grads, a, gs, shape);
                        break;
                    default:
                        Broadcast.Combine(kind, gs, shape, b.ReadOnlySpan, b.Shape, t, shape);
                        DeliverBroadcast(grads, a, t, shape);
                        break;
                }
            }

            if (grads.Needs(b))
            {
                switch (kind)
                {
                    case BinaryKind.Add:
                        DeliverBroadcast(grads, b, gs, shape);
                        return;
                    case BinaryKind.Subtract:
                        TensorPrimitives.Negate(gs, t);
                        break;
                    case BinaryKind.Multiply:
                        Broadcast.Combine(BinaryKind.Multiply, gs, shape, a.ReadOnlySpan, a.Shape, t, shape);
                        break;
                    default:
                        TensorPrimitives.Multiply(gs, y.ReadOnlySpan, t);
                        TensorPrimitives.Negate(t, t);
                        Broadcast.Combine(BinaryKind.Divide, t, shape, b.ReadOnlySpan, b.Shape, t, shape);
                        break;
                }

                DeliverBroadcast(grads, b, t, shape);
            }
        }
    }
}
