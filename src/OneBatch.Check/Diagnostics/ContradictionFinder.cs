using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Finds samples whose inputs are identical (bit for bit) but whose targets differ, and the loss floor they impose:
/// the best any model can do is predict, for such a group, the target that minimizes the group's loss.
/// </summary>
internal static class ContradictionFinder
{
    public static (IReadOnlyList<IReadOnlyList<int>> Groups, float Floor) Find(Tensor x, Tensor y, Loss loss)
    {
        int n = x.Shape[0];
        int xWidth = x.Size / n, yWidth = y.Size / n;
        var xs = x.ReadOnlySpan;
        var ys = y.ReadOnlySpan;
        var byHash = new Dictionary<int, List<List<int>>>();
        for (int i = 0; i < n; i++)
        {
            var row = xs.Slice(i * xWidth, xWidth);
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row));
            int h = hash.ToHashCode();
            if (!byHash.TryGetValue(h, out var groups))
            {
                byHash[h] = groups = [];
            }

            List<int>? group = null;
            foreach (var g in groups)
            {
                if (xs.Slice(g[0] * xWidth, xWidth).SequenceEqual(row))
                {
                    group = g;
                    break;
                }
            }
            if (group is null)
            {
                groups.Add([i]);
            }
            else
            {
                group.Add(i);
            }
        }

        var contradictions = new List<IReadOnlyList<int>>();
        double floor = 0;
        foreach (var group in byHash.Values.SelectMany(g => g).Where(g => g.Count > 1).OrderBy(g => g[0]))
        {
            var first = ys.Slice(group[0] * yWidth, yWidth);
            bool differ = false;
            foreach (int i in group)
            {
                differ |= !ys.Slice(i * yWidth, yWidth).SequenceEqual(first);
            }

            if (differ)
            {
                contradictions.Add(group);
                floor += GroupLoss(ys, yWidth, group, loss);
            }
        }

        return (contradictions, (float)(floor / n));
    }

    // The group's summed loss at its best shared prediction: for MSE the mean (squared deviations); for MAE the
    // median; for cross-entropies the mean target distribution (its cross-entropy with each target).
    private static double GroupLoss(ReadOnlySpan<float> ys, int width, List<int> group, Loss loss)
    {
        bool sparse = loss is SparseCategoricalCrossentropy;
        int classes = 1;
        foreach (int i in group)
        {
            classes = sparse ? Math.Max(classes, (int)ys[i] + 1) : width;
        }

        var mean = new double[sparse ? classes : width];
        foreach (int i in group)
        {
            if (sparse)
            {
                mean[(int)ys[i]] += 1.0 / group.Count;
            }
            else
            {
                for (int j = 0; j < width; j++)
                {
                    mean[j] += ys[(i * width) + j] / (double)group.Count;
                }
            }
        }

        double total = 0;
        foreach (int i in group)
        {
            if (sparse)
            {
                total -= Math.Log(mean[(int)ys[i]]);
                continue;
            }

            double sampleLoss = 0;
            for (int j = 0; j < width; j++)
            {
                double t = ys[(i * width) + j], p = mean[j];
                sampleLoss += loss switch
                {
                    CategoricalCrossentropy => t > 0 ? -t * Math.Log(p) : 0,
                    BinaryCrossentropy => -(t > 0 ? t * Math.Log(p) : 0) - (t < 1 ? (1 - t) * Math.Log(1 - p) : 0),
                    MeanAbsoluteError => Math.Abs(t - Median(ys, width, group, j)),
                    _ => (t - p) * (t - p),
                };
            }

            total += loss is CategoricalCrossentropy ? sampleLoss : sampleLoss / width;
        }

        return total;
    }

    private static double Median(ReadOnlySpan<float> ys, int width, List<int> group, int column)
    {
        var values = new float[group.Count];
        for (int k = 0; k < group.Count; k++)
        {
            values[k] = ys[(group[k] * width) + column];
        }

        Array.Sort(values);
        return values[values.Length / 2];
    }
}
