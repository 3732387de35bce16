using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The inputs joined along <paramref name="axis"/> (negative counts from the end), like
    /// <c>keras.ops.concatenate</c>: every other dimension must match.
    /// </summary>
    public static Tensor Concatenate(ReadOnlySpan<Tensor> xs, int axis)
    {
        if (xs.Length == 0)
        {
            throw new ArgumentException("Concatenate needs at least one tensor; got none.", nameof(xs));
        }

        var first = xs[0].Shape;
        if (first.Rank == 0)
        {
            throw new ArgumentException("Concatenate cannot join scalars (shape []): they have no axis to join along.", nameof(xs));
        }

        int a = NormalizeAxis("Concatenate", axis, first.Rank);
        Span<int> dims = stackalloc int[first.Rank];
        first.CopyTo(dims);
        for (int i = 1; i < xs.Length; i++)
        {
            var s = xs[i].Shape;
            if (!MatchesExceptAxis(first, s, a))
            {
                throw new ArgumentException(
                    $"Concatenate along axis {axis}: every dimension but that axis must match; got {first} and {s} (input {i}).", nameof(xs));
            }

            dims[a] += s[a];
        }

        var y = GradientTape.NewOutput(new Shape(dims));
        int outer = OuterSize(dims, a);
        CopyBlocks(xs, y.Span, outer);
        var node = GradientTape.RecordMany(ConcatenateGrad.Instance, y, xs);
        if (node is not null)
        {
            node.I0 = outer;
        }

        return y;
    }

    private static bool MatchesExceptAxis(Shape a, Shape b, int axis)
    {
        if (a.Rank != b.Rank)
        {
            return false;
        }

        for (int i = 0; i < a.Rank; i++)
        {
            if (i != axis && a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The product of the dimensions before <paramref name="axis"/>.</summary>
    private static int OuterSize(ReadOnlySpan<int> dims, int axis)
    {
        int outer = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= dims[i];
        }

        return outer;
    }

    // y: [outer, sum_i block_i] <- each x_i: [outer, block_i], side by side (block_i = x_i.Size / outer).
    private static void CopyBlocks(ReadOnlySpan<Tensor> xs, Span<float> y, int outer)
    {
        if (outer == 0)
        {
            return;
        }

        int row = y.Length / outer;
        int offset = 0;
        foreach (var x in xs)
        {
            var src = x.ReadOnlySpan;
            int block = src.Length / outer;
            for (int o = 0; o < outer; o++)
            {
                src.Slice(o * block, block).CopyTo(y.Slice((o * row) + offset, block));
            }

            offset += block;
        }
    }

    // The reverse of CopyBlocks for the gradient: dL/dx_i (+)= the columns of g that came from x_i.
    private static void SplitBlocks(Node node, Tensor g, GradientStore grads)
    {
        int outer = node.I0;
        var gs = g.ReadOnlySpan;
        int row = outer == 0 ? 0 : gs.Length / outer;
        int offset = 0;
        for (int i = 0; i < node.ManyCount; i++)
        {
            var x = node.Many[i];
            int block = outer == 0 ? 0 : x.Size / outer;
            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool accumulate).Span;
                for (int o = 0; o < outer; o++)
                {
                    var src = gs.Slice((o * row) + offset, block);
                    var dst = dx.Slice(o * block, block);
                    if (accumulate)
                    {
                        TensorPrimitives.Add(dst, src, dst);
                    }
                    else
                    {
                        src.CopyTo(dst);
                    }
                }
            }

            offset += block;
        }
    }

    private sealed class ConcatenateGrad : Op
    {
        public static readonly ConcatenateGrad Instance = new();

        public override string Name => "concatenate";

        // y = [x_0 | x_1 | ...] along the axis:  dL/dx_i = the slice of g where x_i was copied
        public override void Backward(Node node, Tensor g, GradientStore grads) => SplitBlocks(node, g, grads);
    }
}
