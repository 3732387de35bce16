using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The inputs, all of one shape, joined along a new axis at <paramref name="axis"/> (from -(rank+1) to rank), like
    /// <c>keras.ops.stack</c>: n tensors of [d0, d1] stacked at axis 1 give [d0, n, d1].
    /// </summary>
    public static Tensor Stack(ReadOnlySpan<Tensor> xs, int axis)
    {
        if (xs.Length == 0)
        {
            throw new ArgumentException("Stack needs at least one tensor; got none.", nameof(xs));
        }

        var shape = xs[0].Shape;
        for (int i = 1; i < xs.Length; i++)
        {
            if (xs[i].Shape != shape)
            {
                throw new ArgumentException($"Stack needs tensors of one shape; got {shape} and {xs[i].Shape} (input {i}).", nameof(xs));
            }
        }

        if (shape.Rank == Shape.MaxRank)
        {
            throw new ArgumentException($"Stack of tensors of shape {shape} would have more than {Shape.MaxRank} dimensions.", nameof(xs));
        }

        int a = NormalizeAxis("Stack", axis, shape.Rank + 1);
        Span<int> dims = stackalloc int[shape.Rank + 1];
        shape.CopyTo(dims);
        dims[a..^1].CopyTo(dims[(a + 1)..]);
        dims[a] = xs.Length;

        // Stacking is concatenating along the new axis, where each input has size 1: the same copy as Concatenate.
        var y = GradientTape.NewOutput(new Shape(dims));
        int outer = OuterSize(dims, a);
        CopyBlocks(xs, y.Span, outer);
        var node = GradientTape.RecordMany(StackGrad.Instance, y, xs);
        if (node is not null)
        {
            node.I0 = outer;
        }

        return y;
    }

    private sealed class StackGrad : Op
    {
        public static readonly StackGrad Instance = new();

        public override string Name => "stack";

        // y[..., i, ...] = x_i:  dL/dx_i = g[..., i, ...]
        public override void Backward(Node node, Tensor g, GradientStore grads) => SplitBlocks(node, g, grads);
    }
}
