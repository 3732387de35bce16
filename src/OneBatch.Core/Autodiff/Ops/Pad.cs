using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// <paramref name="x"/> with <paramref name="before"/> zeros before and <paramref name="after"/> zeros after it along
    /// <paramref name="axis"/> (negative counts from the end), like <c>keras.ops.pad</c> on one axis.
    /// </summary>
    public static Tensor Pad(Tensor x, int axis, int before, int after)
    {
        if (before < 0 || after < 0)
        {
            throw new ArgumentException($"Pad needs non-negative sizes; got {before} before and {after} after.");
        }

        int a = NormalizeAxis("Pad", axis, x.Rank);
        Span<int> dims = stackalloc int[x.Rank];
        x.Shape.CopyTo(dims);
        int size = dims[a];
        dims[a] = before + size + after;
        var y = GradientTape.NewOutput(new Shape(dims));

        // x: [outer, size * inner] -> y: [outer, (before + size + after) * inner], x's block after before * inner zeros.
        int outer = OuterSize(dims, a);
        int inner = outer == 0 || dims[a] == 0 ? 0 : y.Size / outer / dims[a];
        int block = size * inner, padded = dims[a] * inner;
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        for (int o = 0; o < outer; o++)
        {
            var row = ys.Slice(o * padded, padded);
            row[..(before * inner)].Clear();
            xs.Slice(o * block, block).CopyTo(row.Slice(before * inner, block));
            row[((before + size) * inner)..].Clear();
        }

        var node = GradientTape.Record(PadGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = a;
            node.I1 = before;
        }

        return y;
    }

    private sealed class PadGrad : Op
    {
        public static readonly PadGrad Instance = new();

        public override string Name => "pad";

        // y = x with zeros around it along one axis: dL/dx = g[..., before:before + size, ...], the padding's share dropped.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool accumulate).Span;
            int a = node.I0, before = node.I1;
            int size = x.Shape[a], padded = g.Shape[a];
            Span<int> dims = stackalloc int[x.Rank];
            x.Shape.CopyTo(dims);
            int outer = OuterSize(dims, a);
            int inner = outer == 0 || size == 0 ? 0 : x.Size / outer / size;
            int block = size * inner;
            var gs = g.ReadOnlySpan;
            for (int o = 0; o < outer; o++)
            {
                var source = gs.Slice((o * padded * inner) + (before * inner), block);
                var d = dx.Slice(o * block, block);
                if (accumulate)
                {
                    TensorPrimitives.Add(d, source, d);
                }
                else
                {
                    source.CopyTo(d);
                }
            }
        }
    }
}
