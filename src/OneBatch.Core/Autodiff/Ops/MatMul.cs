using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>Matrix product: a [m, k] @ b [k, n] -> [m, n].</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Rank != 2 || b.Rank != 2 || a.Shape[1] != b.Shape[0])
        {
            throw new ArgumentException($"MatMul needs [m, k] @ [k, n]; got {a.Shape} @ {b.Shape}.");
        }

        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var y = GradientTape.NewOutput(new Shape(m, n));
        Gemm.Multiply(a.ReadOnlySpan, false, b.ReadOnlySpan, false, y.Span, m, n, k);
        GradientTape.Record(MatMulGrad.Instance, y, a, b);
        return y;
    }

    private sealed class MatMulGrad : Op
    {
        public static readonly MatMulGrad Instance = new();

        public override string Name => "matmul";

        // y = a @ b:  dL/da = g @ b^T  [m,n]@[n,k];  dL/db = a^T @ g  [k,m]@[m,n]
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor a = node.A!, b = node.B!;
            int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
            if (grads.Needs(a))
            {
                var da = grads.Slot(a, out bool acc);
                Gemm.Multiply(g.ReadOnlySpan, false, b.ReadOnlySpan, true, da.Span, m, k, n, acc);
            }

            if (grads.Needs(b))
            {
                var db = grads.Slot(b, out bool acc);
                Gemm.Multiply(a.ReadOnlySpan, true, g.ReadOnlySpan, false, db.Span, k, n, m, acc);
            }
        }
    }
}
