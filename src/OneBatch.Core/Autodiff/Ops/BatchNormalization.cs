using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Batch normalization over the last axis: <c>y = gamma * (x - mean) / sqrt(variance + epsilon) + beta</c>, with one
    /// mean, variance, gamma and beta per channel (the last axis of x; every other axis is reduced).
    /// When <paramref name="batchStatistics"/> is true, the mean and (biased) variance of this batch are written into
    /// <paramref name="mean"/> and <paramref name="variance"/> and used, and the gradient flows through them; otherwise
    /// <paramref name="mean"/> and <paramref name="variance"/> are read as constants (the moving statistics).
    /// A null <paramref name="gamma"/> means 1, a null <paramref name="beta"/> means 0.
    /// </summary>
    public static Tensor BatchNormalization(
        Tensor x, Tensor? gamma, Tensor? beta, Tensor mean, Tensor variance, float epsilon, bool batchStatistics)
    {
        int c = x.Shape.Last;
        if (x.Rank < 2 || mean.Size != c || variance.Size != c || (gamma is not null && gamma.Size != c) || (beta is not null && beta.Size != c))
        {
            throw new ArgumentException(
                $"BatchNormalization needs x [..., C] and per-channel [C] statistics and weights; got x {x.Shape}, mean {mean.Shape}, variance {variance.Shape}.");
        }

        int rows = x.Size / c;
        var xs = x.ReadOnlySpan;
        var mu = mean.Span;
        var v = variance.Span;
        if (batchStatistics)
        {
            mu.Clear();
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(mu, xs.Slice(r * c, c), mu);
            }

            TensorPrimitives.Multiply(mu, 1f / rows, mu);
            var d = Temp(c);
            v.Clear();
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Subtract(xs.Slice(r * c, c), mu, d);
                TensorPrimitives.MultiplyAdd(d, d, v, v);
            }

            TensorPrimitives.Multiply(v, 1f / rows, v);
        }

        // saved: [rows + 1, C] = the normalized x, then one row of 1 / sqrt(variance + epsilon).
        var saved = GradientTape.NewOutput(new Shape(rows + 1, c));
        var s = saved.Span;
        var invStd = s.Slice(rows * c, c);
        TensorPrimitives.Add(v, epsilon, invStd);
        TensorPrimitives.ReciprocalSqrt(invStd, invStd);
        var y = GradientTape.NewOutput(x.Shape);
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var xh = s.Slice(r * c, c);
            TensorPrimitives.Subtract(xs.Slice(r * c, c), mu, xh);
            TensorPrimitives.Multiply(xh, invStd, xh);
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

        var node = GradientTape.Record(BatchNormalizationGrad.Instance, y, x, gamma, beta);
        if (node is not null)
        {
            node.Saved = saved;
            node.I0 = batchStatistics ? 1 : 0;
        }

        return y;
    }

    private sealed class BatchNormalizationGrad : Op
    {
        public static readonly BatchNormalizationGrad Instance = new();

        public override string Name => "batch_normalization";

        // Per channel, over the M = rows values: xh = (x - mu) * s with s = 1 / sqrt(var + eps), y = gamma * xh + beta.
        //   dL/dbeta = sum g;   dL/dgamma = sum g * xh;   with gh = g * gamma (the gradient at xh):
        //   constant mu, var:  dL/dx = gh * s
        //   batch mu, var (mu = mean x, var = mean (x - mu)^2, so dmu/dx = 1/M and dvar/dx = 2 (x - mu) / M):
        //     dL/dx = s * (gh - mean(gh) - xh * mean(gh * xh))
        //           = (gamma * s / M) * (M * g - sum g - xh * sum(g * xh)).
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!;
            Tensor? gamma = node.B, beta = node.C;
            int c = x.Shape.Last;
            int rows = x.Size / c;
            var s = node.Saved!.ReadOnlySpan;
            var invStd = s.Slice(rows * c, c);
            var gs = g.ReadOnlySpan;

            // work: [sum g, sum g * xh, gamma * s, a row of dx]
            var work = Temp(4 * c);
            var sumG = work[..c];
            var sumGx = work.Slice(c, c);
            var scale = work.Slice(2 * c, c);
            var t = work.Slice(3 * c, c);
            work[..(2 * c)].Clear();
            for (int r = 0; r < rows; r++)
            {
                var gr = gs.Slice(r * c, c);
                TensorPrimitives.Add(sumG, gr, sumG);
                TensorPrimitives.MultiplyAdd(gr, s.Slice(r * c, c), sumGx, sumGx);
            }

            if (beta is not null && grads.Needs(beta))
            {
                grads.Add(beta, sumG);
            }

            if (gamma is not null && grads.Needs(gamma))
            {
                grads.Add(gamma, sumGx);
            }

            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool acc);
            var dxs = dx.Span;

            if (gamma is null)
            {
                invStd.CopyTo(scale);
            }
            else
            {
                TensorPrimitives.Multiply(invStd, gamma.ReadOnlySpan, scale);
            }

            bool batch = node.I0 == 1;
            if (batch)
            {
                TensorPrimitives.Multiply(sumG, 1f / rows, sumG);
                TensorPrimitives.Multiply(sumGx, 1f / rows, sumGx);
            }

            for (int r = 0; r < rows; r++)
            {
                var gr = gs.Slice(r * c, c);
                var d = dxs.Slice(r * c, c);
                if (batch)
                {
                    // t = (g - mean g - xh * mean(g xh)) * gamma * s
                    TensorPrimitives.Multiply(s.Slice(r * c, c), sumGx, t);
                    TensorPrimitives.Subtract(gr, t, t);
                    TensorPrimitives.Subtract(t, sumG, t);
                    TensorPrimitives.Multiply(t, scale, t);
                    if (acc)
                    {
                        TensorPrimitives.Add(d, t, d);
                    }
                    else
                    {
                        t.CopyTo(d);
                    }
                }
                else if (acc)
                {
                    TensorPrimitives.MultiplyAdd(gr, scale, d, d);
                }
                else
                {
                    TensorPrimitives.Multiply(gr, scale, d);
                }
            }
        }
    }
}
