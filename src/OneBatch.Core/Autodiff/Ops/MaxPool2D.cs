using System.Runtime.InteropServices;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>Max pooling, channels-last: x <c>[N, H, W, C]</c> -> <c>[N, OH, OW, C]</c>, the max of each window.</summary>
    public static Tensor MaxPool2D(Tensor x, Window2D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var g = PoolGeometry("MaxPool2D", x, window);
        var shape = new Shape(g.N, g.OH, g.OW, g.C);
        var y = GradientTape.NewOutput(shape);

        // The argmax indices are ints stored in the bits of a float tensor, so the tape reuses them like any output.
        var argmax = GradientTape.NewOutput(shape);
        Pooling.MaxForward(x.ReadOnlySpan, y.Span, MemoryMarshal.Cast<float, int>(argmax.Span), g);
        var node = GradientTape.Record(MaxPool2DGrad.Instance, y, x);
        if (node is not null)
        {
            node.Saved = argmax;
        }

        return y;
    }

    /// <summary>The geometry of a pool over x, or an error naming the op.</summary>
    private static WindowGeometry PoolGeometry(string op, Tensor x, Window2D window)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op} needs x [N, H, W, C]; got {x.Shape}.");
        }

        if (!window.IsDense)
        {
            throw new ArgumentException($"{op} takes a window of adjacent rows and columns; got {window}.");
        }

        return window.Over(x.Shape);
    }

    private sealed class MaxPool2DGrad : Op
    {
        public static readonly MaxPool2DGrad Instance = new();

        public override string Name => "max_pool2d";

        // y[i] = x[argmax[i]]:  dL/dx[j] = sum of g[i] over the outputs i whose max came from j (0 elsewhere).
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                Pooling.MaxBackward(g.ReadOnlySpan, MemoryMarshal.Cast<float, int>(node.Saved!.ReadOnlySpan), dx.Span, x.Size, acc, Math.Max(1, x.Shape[0]));
            }
        }
    }
}
