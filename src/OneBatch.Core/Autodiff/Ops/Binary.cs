using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>a + b, elementwise, with broadcasting (a bias <c>[c]</c> over <c>[n, c]</c>, a scalar, ...).</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(BinaryKind.Add, a, b);

    /// <summary>a - b, elementwise, with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(BinaryKind.Subtract, a, b);

    /// <summary>a * b, elementwise, with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(BinaryKind.Multiply, a, b);

    /// <summary>a / b, elementwise, with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary(BinaryKind.Divide, a, b);

    private static Tensor Binary(BinaryKind kind, Tensor a, Tensor b)
    {
        // The output has the shape of the larger operand (of the higher rank when the sizes tie, so that [c] + [1, c]
        // is [1, c]); the other one repeats over it.
        bool aIsFull = a.Size > b.Size || (a.Size == b.Size && a.Rank >= b.Rank);
        Tensor full = aIsFull ? a : b, small = aIsFull ? b : a;
        var pattern = Broadcast.Of(small.Shape, full.Shape)
            ?? throw new ArgumentException($"{kind}: cannot broadcast shapes {a.Shape} and {b.Shape}.");
        var y = GradientTape.NewOutput(full.Shape);
        if (small.Shape == full.Shape)
        {
            kind.Apply(a.ReadOnlySpan, b.ReadOnlySpan, y.Span);
        }
        else
        {
            pattern.Apply(kind, full.ReadOnlySpan, small.ReadOnlySpan, y.Span, smallFirst: !aIsFull);
        }

        var node = GradientTape.Record(BinaryGrad.Of(kind), y, a, b);
        if (node is not null)
        {
            node.I0 = aIsFull ? 0 : 1;
        }

        return y;
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
            bool aIsFull = node.I0 == 0;
            Tensor full = aIsFull ? a : b, small = aIsFull ? b : a;
            bool same = small.Shape == full.Shape;
            var pattern = same ? default : Broadcast.Of(small.Shape, full.Shape)!.Value;
            var gs = g.ReadOnlySpan;
            var t = Temp(g.Size);

            if (grads.Needs(a))
            {
                switch (kind)
                {
                    case BinaryKind.Add:
                    case BinaryKind.Subtract:
                        gs.CopyTo(t);
                        break;
                    case BinaryKind.Multiply:
                        Combine(BinaryKind.Multiply, gs, b, t, same, pattern, aIsFull);
                        break;
                    default:
                        Combine(BinaryKind.Divide, gs, b, t, same, pattern, aIsFull);
                        break;
                }

                Deliver(grads, a, t, same || aIsFull, pattern);
            }

            if (grads.Needs(b))
            {
                switch (kind)
                {
                    case BinaryKind.Add:
                        gs.CopyTo(t);
                        break;
                    case BinaryKind.Subtract:
                        TensorPrimitives.Negate(gs, t);
                        break;
                    case BinaryKind.Multiply:
                        Combine(BinaryKind.Multiply, gs, a, t, same, pattern, !aIsFull);
                        break;
                    default:
                        // -g * y / b
                        TensorPrimitives.Multiply(gs, y.ReadOnlySpan, t);
                        TensorPrimitives.Negate(t, t);
                        Combine(BinaryKind.Divide, t, b, t, same, pattern, aIsFull);
                        break;
                }

                Deliver(grads, b, t, same || !aIsFull, pattern);
            }
        }

        // dst = op(gFull, other), with other repeated when it is the small operand.
        private static void Combine(BinaryKind op, ReadOnlySpan<float> gFull, Tensor other, Span<float> dst, bool same, Broadcast pattern, bool otherIsSmall)
        {
            if (same || !otherIsSmall)
            {
                op.Apply(gFull, other.ReadOnlySpan, dst);
            }
            else
            {
                pattern.Apply(op, gFull, other.ReadOnlySpan, dst, smallFirst: false);
            }
        }

        // Adds a full-size gradient into an operand: as is when the operand has the output's shape, else summed.
        private static void Deliver(GradientStore grads, Tensor operand, ReadOnlySpan<float> full, bool operandIsFull, Broadcast pattern)
        {
            if (operandIsFull)
            {
                grads.Add(operand, full);
                return;
            }

            var slot = grads.Slot(operand, out bool accumulate);
            pattern.Reduce(full, slot.Span, accumulate);
        }
    }
}
