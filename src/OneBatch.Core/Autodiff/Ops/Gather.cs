using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Rows of <paramref name="table"/> <c>[rows, width]</c> picked by <paramref name="ids"/> (whole numbers, any
    /// shape): <c>[...ids, width]</c>, an embedding lookup. The ids take no gradient; an id that is not a row index is
    /// an error naming it.
    /// </summary>
    public static Tensor Gather(Tensor table, Tensor ids)
    {
        if (table.Rank != 2)
        {
            throw new ArgumentException($"Gather: the table must be [rows, width]; got {table.Shape}.");
        }

        int rows = table.Shape[0], width = table.Shape[1];
        Span<int> dims = stackalloc int[ids.Rank + 1];
        ids.Shape.CopyTo(dims);
        dims[^1] = width;
        var y = GradientTape.NewOutput(new Shape(dims));
        var source = table.ReadOnlySpan;
        var target = y.Span;
        var idValues = ids.ReadOnlySpan;
        for (int i = 0; i < idValues.Length; i++)
        {
            int row = RowIndex(idValues[i], rows, i);
            source.Slice(row * width, width).CopyTo(target.Slice(i * width, width));
        }

        GradientTape.Record(GatherGrad.Instance, y, table, ids);
        return y;
    }

    private static int RowIndex(float id, int rows, int position)
    {
        int row = (int)id;
        if (row != id || row < 0 || row >= rows)
        {
            throw new ArgumentException($"Gather: id {id} at position {position} is not a row index in [0, {rows}).");
        }

        return row;
    }

    private sealed class GatherGrad : Op
    {
        public static readonly GatherGrad Instance = new();

        public override string Name => "gather";

        // y[i] = table[ids[i]]:  dL/dtable[r] = sum of g[i] over the positions i with ids[i] = r (a scatter-add)
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var table = node.A!;
            if (!grads.Needs(table))
            {
                return;
            }

            int width = table.Shape[1];
            var dTable = grads.Slot(table, out bool accumulate);
            var d = dTable.Span;
            if (!accumulate)
            {
                d.Clear();
            }

            var ids = node.B!.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            for (int i = 0; i < ids.Length; i++)
            {
                var row = d.Slice((int)ids[i] * width, width);
                TensorPrimitives.Add(row, gs.Slice(i * width, width), row);
            }
        }
    }
}
