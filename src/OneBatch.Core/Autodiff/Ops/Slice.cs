using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// A copy of <paramref name="length"/> entries of <paramref name="x"/> along <paramref name="axis"/> (negative counts
    /// from the end), from <paramref name="start"/>: <c>x[..., start:start + length, ...]</c>.
    /// </summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        if (x.Rank == 0)
        {
            throw new ArgumentException("Slice cannot cut a scalar (shape []): it has no axis.", nameof(x));
        }

        int a = NormalizeAxis("Slice", axis, x.Rank);
        int size = x.Shape[a];
        if (start < 0 || length < 0 || start > size - length)
        {
            throw new ArgumentException(
                $"Slice of {length} from {start} along axis {axis} does not fit in shape {x.Shape} (size {size} there).");
        }

        Span<int> dims = stackalloc int[x.Rank];
        x.Shape.CopyTo(dims);
        dims[a] = length;
        var y = GradientTape.NewOutput(new Shape(dims));

        // x: [outer, size * inner] -> y: [outer, length * inner], the columns from start * inner.
        int outer = OuterSize(dims, a);
        int inner = outer == 0 || size == 0 ? 0 : x.Size / outer / size;
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        int block = length * inner;
        for (int o = 0; o < outer; o++)
        {
            xs.Slice(((o * size) + start) * inner, block).CopyTo(ys.Slice(o * block, block));
        }

        var node = GradientTape.Record(SliceGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = a;
            node.I1 = start;
        }

        return y;
    }

    private sealed class SliceGrad : Op
    {
        public static readonly SliceGrad Instance = new();

        public override string Name => "slice";

        // y = x[..., s:s+n, ...]:  dL/dx = g inside the range, 0 outside it
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool accumulate).Span;
            if (!accumulate)
            {
                dx.Clear();
            }

            int a = node.I0, start = node.I1;
            int size = x.Shape[a], length = g.Shape[a];
            Span<int> dims = stackalloc int[x.Rank];
            x.Shape.CopyTo(dims);
            int outer = OuterSize(dims, a);
            int inner = outer == 0 || size == 0 ? 0 : x.Size / outer / size;
            int block = length * inner;
            var gs = g.ReadOnlySpan;
            for (int o = 0; o < outer; o++)
            {
                var dst = dx.Slice(((o * size) + start) * inner, block);
                TensorPrimitives.Add(dst, gs.Slice(o * block, block), dst);
            }
        }
    }
}
