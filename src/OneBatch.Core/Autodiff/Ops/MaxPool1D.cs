using System.Runtime.InteropServices;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Max pooling along the steps of sequences, channels-last: x <c>[N, L, C]</c> -> <c>[N, OL, C]</c>, the max of
    /// each window (padding never wins). The 2-D pooling kernel runs on x seen as images <c>[N, 1, L, C]</c>, which
    /// is exact: a window one row high over one row.
    /// </summary>
    public static Tensor MaxPool1D(Tensor x, Window1D window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var g = Pool1DGeometry("MaxPool1D", x, window);
        var shape = new Shape(g.N, g.OW, g.C);
        var y = GradientTape.NewOutput(shape);

        // The argmax indices are ints stored in the bits of a float tensor, so the tape reuses them like any output.
        var argmax = GradientTape.NewOutput(shape);
        Pooling.MaxForward(x.ReadOnlySpan, y.Span, MemoryMarshal.Cast<float, int>(argmax.Span), g);
        var node = GradientTape.Record(MaxPool1DGrad.Instance, y, x);
        if (node is not null)
        {
            node.Saved = argmax;
        }

        return y;
    }

    /// <summary>The geometry of a 1-D pool over x, or an error naming the op.</summary>
    private static WindowGeometry Pool1DGeometry(string op, Tensor x, Window1D window)
    {
        if (x.Rank != 3)
        {
            throw new ArgumentException($"{op} needs x [N, L, C]; got {x.Shape}.");
        }

        if (window.Dilation != 1 || window.Padding == Padding.Causal)
        {
            throw new ArgumentException($"{op} takes an undilated window with valid or same padding; got a {window}.");
        }

        return window.Over(x.Shape);
    }

    private sealed class MaxPool1DGrad : Op
    {
        public static readonly MaxPool1DGrad Instance = new();

        public override string Name => "max_pool1d";

        // y[i] = x[argmax[i]] (the first max of the window, as TensorFlow's max_pool gradient picks):
        //   dL/dx[j] = sum of g[i] over the outputs i whose max came from j (0 elsewhere).
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (grads.Needs(x))
            {
                var dx = grads.Slot(x, out bool acc);
                Pooling.MaxBackward(g.ReadOnlySpan, MemoryMarshal.Cast<float, int>(node.Saved!.ReadOnlySpan), dx.Span, x.Size, acc);
            }
        }
    }
}
