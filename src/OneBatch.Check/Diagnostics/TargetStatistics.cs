using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>Statistics of one output's targets over the batch: their scale, per-column variances and how many columns vary independently.</summary>
internal sealed record TargetStatistics(int Samples, int Columns, double Mean, double Std, double MeanColumnVariance, int Rank)
{
    /// <summary>The root mean square of the target values: how far they are from unit scale.</summary>
    public double Scale => Math.Sqrt((Mean * Mean) + (Std * Std));

    public static TargetStatistics Of(Tensor targets)
    {
        int n = targets.Rank > 0 ? targets.Shape[0] : 1;
        int columns = Math.Max(1, targets.Size / Math.Max(1, n));
        var t = targets.ReadOnlySpan;
        double sum = 0, sq = 0;
        foreach (float v in t)
        {
            sum += v;
            sq += (double)v * v;
        }

        double mean = sum / Math.Max(1, t.Length);
        double std = Math.Sqrt(Math.Max(0, (sq / Math.Max(1, t.Length)) - (mean * mean)));

        // Centered columns, for their variances and their numerical rank (Gram-Schmidt with a relative tolerance).
        var centered = new double[columns][];
        double variance = 0;
        for (int j = 0; j < columns; j++)
        {
            var c = centered[j] = new double[n];
            double m = 0;
            for (int i = 0; i < n; i++)
            {
                m += t[(i * columns) + j];
            }

            m /= n;
            for (int i = 0; i < n; i++)
            {
                c[i] = t[(i * columns) + j] - m;
                variance += c[i] * c[i] / n;
            }
        }

        return new TargetStatistics(n, columns, mean, std, variance / columns, RankOf(centered));
    }

    private static int RankOf(double[][] columns)
    {
        var basis = new List<double[]>();
        double largest = columns.Max(c => Norm(c));
        foreach (var column in columns)
        {
            var v = (double[])column.Clone();
            foreach (var b in basis)
            {
                double dot = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    dot += v[i] * b[i];
                }

                for (int i = 0; i < v.Length; i++)
                {
                    v[i] -= dot * b[i];
                }
            }

            double norm = Norm(v);
            if (norm > 1e-6 * largest && norm > 0)
            {
                for (int i = 0; i < v.Length; i++)
                {
                    v[i] /= norm;
                }

                basis.Add(v);
            }
        }

        return basis.Count;
    }

    private static double Norm(double[] v)
    {
        double s = 0;
        foreach (double x in v)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }
}
