using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The mean over the steps a mask keeps: x <c>[N, L, C]</c>, mask <c>[N, L]</c> (nonzero = a real step) ->
    /// <c>[N, C]</c>, Keras's masked GlobalAveragePooling1D: <c>sum(where(mask, x, 0)) / sum(mask)</c>. Padded steps
    /// do not enter at all (not even as NaN); a sequence with no real step gives 0/0 = NaN, as in Keras. The mask takes
    /// no gradient.
    /// </summary>
    public static Tensor MaskedMean(Tensor x, Tensor mask)
    {
        if (x.Rank != 3 || mask.Rank != 2 || mask.Shape[0] != x.Shape[0] || mask.Shape[1] != x.Shape[1])
        {
            throw new ArgumentException($"MaskedMean needs x [N, L, C] and a mask [N, L]; got {x.Shape} and {mask.Shape}.");
        }

        int n = x.Shape[0], steps = x.Shape[1], c = x.Shape[2];
        var y = GradientTape.NewOutput(new Shape(n, c));
        var xs = x.ReadOnlySpan;
        var ms = mask.ReadOnlySpan;
        var ys = y.Span;
        for (int b = 0; b < n; b++)
        {
            var yr = ys.Slice(b * c, c);
            yr.Clear();
            int real = 0;
            for (int t = 0; t < steps; t++)
            {
                if (ms[(b * steps) + t] != 0f)
                {
                    TensorPrimitives.Add(yr, xs.Slice(((b * steps) + t) * c, c), yr);
                    real++;
                }
            }

            TensorPrimitives.Divide(yr, real, yr);
        }

        GradientTape.Record(MaskedMeanGrad.Instance, y, x, mask);
        return y;
    }

    private sealed class MaskedMeanGrad : Op
    {
        public static readonly MaskedMeanGrad Instance = new();

        public override string Name => "masked_mean";

        // y[n, c] = (1 / R_n) * sum_{t: m[n, t] != 0} x[n, t, c]  (R_n real steps):
        //   dL/dx[n, t, c] = g[n, c] / R_n where m[n, t] != 0, and 0 on padded steps.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, mask = node.B!;
            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool accumulate).Span;
            int n = x.Shape[0], steps = x.Shape[1], c = x.Shape[2];
            var ms = mask.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            for (int b = 0; b < n; b++)
            {
                var row = ms.Slice(b * steps, steps);
                int real = steps - row.Count(0f);
                var gr = gs.Slice(b * c, c);
                for (int t = 0; t < steps; t++)
                {
                    var d = dx.Slice(((b * steps) + t) * c, c);
                    if (row[t] != 0f)
                    {
                        if (accumulate)
                        {
                            TensorPrimitives.MultiplyAdd(gr, 1f / real, d, d);
                        }
                        else
                        {
                            TensorPrimitives.Multiply(gr, 1f / real, d);
                        }
                    }
                    else if (!accumulate)
                    {
                        d.Clear();
                    }
                }
            }
        }
    }
}
