using System.Runtime.InteropServices;
using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Finds samples whose inputs are identical (bit for bit, in every input) but whose targets differ (in any output),
/// and the loss floor they impose: the best any model can do is give such a group one shared prediction, the one
/// that minimizes the group's loss, which is the loss's <see cref="Loss.Baseline"/> on the group's targets.
/// </summary>
internal static class ContradictionFinder
{
    public static (IReadOnlyList<IReadOnlyList<int>> Groups, float Floor) Find(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss)
    {
        int n = inputs[0].Shape[0];
        var byHash = new Dictionary<int, List<List<int>>>();
        for (int i = 0; i < n; i++)
        {
            var hash = new HashCode();
            foreach (var x in inputs)
            {
                hash.AddBytes(MemoryMarshal.AsBytes(Row(x, i)));
            }

            int h = hash.ToHashCode();
            if (!byHash.TryGetValue(h, out var groups))
            {
                byHash[h] = groups = [];
            }

            var group = groups.FirstOrDefault(g => SameRows(inputs, g[0], i));
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
            if (!group.Skip(1).Any(i => !SameRows(targets, group[0], i)))
            {
                continue;
            }

            contradictions.Add(group);
            for (int o = 0; o < targets.Count; o++)
            {
                // A mean baseline counts for its group's share of the batch; a summed one is already the group's total.
                var l = loss.Losses[o];
                float baseline = l.Baseline(Rows(targets[o], group));
                floor += loss.Weights[o] * baseline * (l.Reduction == LossReduction.Sum ? n : group.Count);
            }
        }

        return (contradictions, (float)(floor / n));
    }

    private static ReadOnlySpan<float> Row(Tensor t, int i)
    {
        int width = t.Size / t.Shape[0];
        return t.ReadOnlySpan.Slice(i * width, width);
    }

    private static bool SameRows(IReadOnlyList<Tensor> tensors, int a, int b)
    {
        foreach (var t in tensors)
        {
            if (!Row(t, a).SequenceEqual(Row(t, b)))
            {
                return false;
            }
        }

        return true;
    }

    // The rows of a batch picked by `rows`, as a batch of their own.
    private static Tensor Rows(Tensor t, List<int> rows)
    {
        Span<int> dims = stackalloc int[t.Rank];
        t.Shape.CopyTo(dims);
        dims[0] = rows.Count;
        var picked = new Tensor(new Shape(dims));
        int width = t.Size / t.Shape[0];
        for (int k = 0; k < rows.Count; k++)
        {
            Row(t, rows[k]).CopyTo(picked.Span.Slice(k * width, width));
        }

        return picked;
    }
}
