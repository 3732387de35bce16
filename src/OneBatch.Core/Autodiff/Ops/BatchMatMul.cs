using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// One matrix product per batch item: a [B, M, K] @ b [B, K, N] -> [B, M, N]. With <paramref name="transposeA"/>,
    /// a is stored [B, K, M] and read transposed; with <paramref name="transposeB"/>, b is stored [B, N, K].
    /// </summary>
    public static Tensor BatchMatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        if (a.Rank != 3 || b.Rank != 3)
        {
            throw new ArgumentException($"BatchMatMul needs two rank-3 tensors [B, M, K] and [B, K, N]; got {a.Shape} and {b.Shape}.");
        }

        int batch = a.Shape[0];
        int m = transposeA ? a.Shape[2] : a.Shape[1], k = transposeA ? a.Shape[1] : a.Shape[2];
        int kb = transposeB ? b.Shape[2] : b.Shape[1], n = transposeB ? b.Shape[1] : b.Shape[2];
        if (b.Shape[0] != batch || kb != k)
        {
            throw new ArgumentException(
                $"BatchMatMul{Flags(transposeA, transposeB)}: the batch sizes and the inner dimensions must match; got {a.Shape} and {b.Shape}.");
        }

        var y = GradientTape.NewOutput(new Shape(batch, m, n));
        var ys = y.Span;
        ReadOnlySpan<float> aValues = a.ReadOnlySpan, bValues = b.ReadOnlySpan;
        for (int i = 0; i < batch; i++)
        {
            Gemm.Multiply(aValues.Slice(i * m * k, m * k), transposeA, bValues.Slice(i * k * n, k * n), transposeB, ys.Slice(i * m * n, m * n), m, n, k);
        }

        var node = GradientTape.Record(BatchMatMulGrad.Instance, y, a, b);
        if (node is not null)
        {
            node.I0 = (transposeA ? 1 : 0) | (transposeB ? 2 : 0);
        }

        return y;
    }

    private static string Flags(bool transposeA, bool transposeB) =>
        transposeA || transposeB ? $" (transposeA: {transposeA}, transposeB: {transposeB})" : "";

    private sealed class BatchMatMulGrad : Op
    {
        public static readonly BatchMatMulGrad Instance = new();

        public override string Name => "batch_matmul";

        // per item, y = A @ B (A = a or a^T, B = b or b^T):  dL/dA = g @ B^T;  dL/dB = A^T @ g  (a stored transposed: dL/da = B @ g^T; b: dL/db = g^T @ A)
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor a = node.A!, b = node.B!;
            bool ta = (node.I0 & 1) != 0, tb = (node.I0 & 2) != 0;
            int batch = g.Shape[0], m = g.Shape[1], n = g.Shape[2];
            int k = ta ? a.Shape[1] : a.Shape[2];
            var gs = g.ReadOnlySpan;
            ReadOnlySpan<float> aValues = a.ReadOnlySpan, bValues = b.ReadOnlySpan;
            if (grads.Needs(a))
            {
                var da = grads.Slot(a, out bool acc).Span;
                for (int i = 0; i < batch; i++)
                {
                    var gi = gs.Slice(i * m * n, m * n);
                    var bi = bValues.Slice(i * k * n, k * n);
                    var dai = da.Slice(i * m * k, m * k);
                    if (ta)
                    {
                        // [k, m] = B [k, n] @ g^T [n, m]
                        Gemm.Multiply(bi, tb, gi, true, dai, k, m, n, acc);
                    }
                    else
                    {
                        // [m, k] = g [m, n] @ B^T [n, k]
                        Gemm.Multiply(gi, false, bi, !tb, dai, m, k, n, acc);
                    }
                }
            }

            if (grads.Needs(b))
            {
                var db = grads.Slot(b, out bool acc).Span;
                for (int i = 0; i < batch; i++)
                {
                    var gi = gs.Slice(i * m * n, m * n);
                    var ai = aValues.Slice(i * m * k, m * k);
                    var dbi = db.Slice(i * k * n, k * n);
                    if (tb)
                    {
                        // [n, k] = g^T [n, m] @ A [m, k]
                        Gemm.Multiply(gi, true, ai, ta, dbi, n, k, m, acc);
                    }
                    else
                    {
                        // [k, n] = A^T [k, m] @ g [m, n]
                        Gemm.Multiply(ai, !ta, gi, false, dbi, k, n, m, acc);
                    }
                }
            }
        }
    }
}
