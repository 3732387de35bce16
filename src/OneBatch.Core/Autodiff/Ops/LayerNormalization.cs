using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Layer normalization over the last <paramref name="axes"/> axes of x: each row (one index of the leading axes)
    /// of C values is normalized by its own mean and (biased) variance,
    /// <c>y = gamma * (x - mean) / sqrt(variance + epsilon) + beta</c>, with gamma and beta holding one value per
    /// position in the row (C values in row order; null means 1 and 0).
    /// </summary>
    public static Tensor LayerNormalization(Tensor x, int axes, Tensor? gamma, Tensor? beta, float epsilon)
    {
        if (axes < 1 || axes > x.Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axes), $"LayerNormalization of a tensor of shape {x.Shape} normalizes 1 to {x.Rank} trailing axes; got {axes}.");
        }

        int c = 1;
        for (int i = x.Rank - axes; i < x.Rank; i++)
        {
            c *= x.Shape[i];
        }

        if ((gamma is not null && gamma.Size != c) || (beta is not null && beta.Size != c))
        {
            throw new ArgumentException(
                $"LayerNormalization of x {x.Shape} over its last {axes} axes needs gamma and beta of {c} values; got {gamma?.Shape.ToString() ?? "none"} and {beta?.Shape.ToString() ?? "none"}.");
        }

        int rows = c == 0 ? 0 : x.Size / c;

        // saved: [rows * C + rows] = the normalized rows, then 1 / sqrt(variance + epsilon) of each row.
        var saved = GradientTape.NewOutput(new Shape((rows * c) + rows));
        var s = saved.Span;
        var invStd = s.Slice(rows * c, rows);
        var y = GradientTape.NewOutput(x.Shape);
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var xh = s.Slice(r * c, c);
            float mean = TensorPrimitives.Sum(xs.Slice(r * c, c)) / c;
            TensorPrimitives.Subtract(xs.Slice(r * c, c), mean, xh);

            // Two passes (the deviations first) keep the variance accurate when the mean is large against the spread.
            float variance = TensorPrimitives.Dot(xh, xh) / c;
            float inv = 1f / MathF.Sqrt(variance + epsilon);
            invStd[r] = inv;
            TensorPrimitives.Multiply(xh, inv, xh);
            var yr = ys.Slice(r * c, c);
            if (gamma is null)
            {
                xh.CopyTo(yr);
            }
            else
            {
                TensorPrimitives.Multiply(xh, gamma.ReadOnlySpan, yr);
            }

            if (beta is not null)
            {
                TensorPrimitives.Add(yr, beta.ReadOnlySpan, yr);
            }
        }

        var node = GradientTape.Record(LayerNormalizationGrad.Instance, y, x, gamma, beta);
        if (node is not null)
        {
            node.Saved = saved;
            node.I0 = c;
        }

        return y;
    }

    private sealed class LayerNormalizationGrad : Op
    {
        public static readonly LayerNormalizationGrad Instance = new();

        public override string Name => "layer_normalization";

        // Per row of M = C values: xh = (x - mu) * s with mu = mean x, var = mean (x - mu)^2, s = 1 / sqrt(var + eps);
        // y = gamma * xh + beta.
        //   dL/dbeta = sum over rows of g;   dL/dgamma = sum over rows of g * xh;
        //   with gh = g * gamma (the gradient at xh), dmu/dx = 1/M and dvar/dx = 2 (x - mu) / M give
        //   dL/dx = s * (gh - mean(gh) - xh * mean(gh * xh))   (means over the row).
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!;
            Tensor? gamma = node.B, beta = node.C;
            int c = node.I0;
            int rows = c == 0 ? 0 : x.Size / c;
            var s = node.Saved!.ReadOnlySpan;
            var invStd = s.Slice(rows * c, rows);
            var gs = g.ReadOnlySpan;
            bool needGamma = gamma is not null && grads.Needs(gamma);
            bool needBeta = beta is not null && grads.Needs(beta);

            // work: [sum g, sum g * xh, a row of gh]
            var work = Temp(3 * c);
            var sumG = work[..c];
            var sumGx = work.Slice(c, c);
            var gh = work.Slice(2 * c, c);
            if (needGamma || needBeta)
            {
                sumG.Clear();
                sumGx.Clear();
                for (int r = 0; r < rows; r++)
                {
                    var gr = gs.Slice(r * c, c);
                    TensorPrimitives.Add(sumG, gr, sumG);
                    TensorPrimitives.MultiplyAdd(gr, s.Slice(r * c, c), sumGx, sumGx);
                }

                if (needBeta)
                {
                    grads.Add(beta!, sumG);
                }

                if (needGamma)
                {
                    grads.Add(gamma!, sumGx);
                }
            }

            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool acc).Span;
            for (int r = 0; r < rows; r++)
            {
                var gr = gs.Slice(r * c, c);
                var xh = s.Slice(r * c, c);
                if (gamma is null)
                {
                    gr.CopyTo(gh);
                }
                else
                {
                    TensorPrimitives.Multiply(gr, gamma.ReadOnlySpan, gh);
                }

                float meanGh = TensorPrimitives.Sum(gh) / c;
                float meanGhXh = TensorPrimitives.Dot(gh, xh) / c;

                // gh <- s * (gh - mean(gh) - xh * mean(gh * xh))
                TensorPrimitives.MultiplyAdd(xh, -meanGhXh, gh, gh);
                TensorPrimitives.Subtract(gh, meanGh, gh);
                var d = dx.Slice(r * c, c);
                if (acc)
                {
                    TensorPrimitives.MultiplyAdd(gh, invStd[r], d, d);
                }
                else
                {
                    TensorPrimitives.Multiply(gh, invStd[r], d);
                }
            }
        }
    }
}
