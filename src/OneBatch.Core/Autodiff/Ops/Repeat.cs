using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Each entry along <paramref name="axis"/> (negative counts from the end) repeated <paramref name="repeats"/> times
    /// in place, like <c>keras.ops.repeat</c> with an integer count: <c>[a, b]</c> twice along it is <c>[a, a, b, b]</c>.
    /// </summary>
    public static Tensor Repeat(Tensor x, int repeats, int axis)
    {
        if (repeats <= 0)
        {
            throw new ArgumentException($"Repeat needs a positive count; got {repeats}.", nameof(repeats));
        }

        int a = NormalizeAxis("Repeat", axis, x.Rank);
        Span<int> dims = stackalloc int[x.Rank];
        x.Shape.CopyTo(dims);
        int size = dims[a];
        dims[a] = size * repeats;
        var y = GradientTape.NewOutput(new Shape(dims));

        // x: [outer, size, inner] -> y: [outer, size * repeats, inner], each row of inner copied repeats times.
        int outer = OuterSize(dims, a);
        int inner = outer == 0 || size == 0 ? 0 : x.Size / outer / size;
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        for (int row = 0; row < outer * size; row++)
        {
            var source = xs.Slice(row * inner, inner);
            for (int j = 0; j < repeats; j++)
            {
                source.CopyTo(ys.Slice(((row * repeats) + j) * inner, inner));
            }
        }

        var node = GradientTape.Record(RepeatGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = repeats;
            node.I1 = inner;
        }

        return y;
    }

    private sealed class RepeatGrad : Op
    {
        public static readonly RepeatGrad Instance = new();

        public override string Name => "repeat";

        // y[o, a * r + j, i] = x[o, a, i] for j < r:  dL/dx[o, a, i] = sum_j g[o, a * r + j, i]
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            var dx = grads.Slot(x, out bool accumulate).Span;
            int repeats = node.I0, inner = node.I1;
            var gs = g.ReadOnlySpan;
            int rows = inner == 0 ? 0 : x.Size / inner;
            for (int row = 0; row < rows; row++)
            {
                var d = dx.Slice(row * inner, inner);
                int first = row * repeats * inner;
                if (!accumulate)
                {
                    gs.Slice(first, inner).CopyTo(d);
                }

                for (int j = accumulate ? 0 : 1; j < repeats; j++)
                {
                    TensorPrimitives.Add(d, gs.Slice(first + (j * inner), inner), d);
                }
            }
        }
    }
}
