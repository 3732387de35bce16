using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>The sum of all elements, as a scalar tensor.</summary>
    public static Tensor Sum(Tensor x) => Reduce(x, x.Size, 1, mean: false, Shape.Scalar);

    /// <summary>The mean of all elements, as a scalar tensor.</summary>
    public static Tensor Mean(Tensor x) => Reduce(x, x.Size, 1, mean: true, Shape.Scalar);

    /// <summary>The sum over <paramref name="axis"/> (negative counts from the end), like <c>keras.ops.sum</c>.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) => ReduceAxis("Sum", x, axis, mean: false, keepDims);

    /// <summary>The mean over <paramref name="axis"/> (negative counts from the end), like <c>keras.ops.mean</c>.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false) => ReduceAxis("Mean", x, axis, mean: true, keepDims);

    // x: [outer, width, inner] around the reduced axis -> y: [outer, inner].
    private static Tensor ReduceAxis(string op, Tensor x, int axis, bool mean, bool keepDims)
    {
        int a = NormalizeAxis(op, axis, x.Rank);
        Span<int> dims = stackalloc int[x.Rank];
        x.Shape.CopyTo(dims);
        int inner = 1;
        for (int i = a + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }

        int width = dims[a];
        Shape shape;
        if (keepDims)
        {
            dims[a] = 1;
            shape = new Shape(dims);
        }
        else
        {
            dims[(a + 1)..].CopyTo(dims[a..]);
            shape = new Shape(dims[..^1]);
        }

        return Reduce(x, width, inner, mean, shape);
    }

    private static Tensor Reduce(Tensor x, int width, int inner, bool mean, Shape shape)
    {
        var y = GradientTape.NewOutput(shape);
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        float scale = mean && width > 0 ? 1f / width : 1f;
        if (width == 0)
        {
            ys.Fill(mean ? float.NaN : 0f);
        }
        else if (inner == 1)
        {
            for (int r = 0; r < ys.Length; r++)
            {
                ys[r] = TensorPrimitives.Sum(xs.Slice(r * width, width)) * scale;
            }
        }
        else
        {
            // Whole rows of the inner axes at a time, so the additions run over contiguous vectors.
            int block = width * inner;
            for (int o = 0, r = 0; r < ys.Length; o += block, r += inner)
            {
                var yr = ys.Slice(r, inner);
                xs.Slice(o, inner).CopyTo(yr);
                for (int j = 1; j < width; j++)
                {
                    TensorPrimitives.Add(yr, xs.Slice(o + (j * inner), inner), yr);
                }

                if (mean)
                {
                    TensorPrimitives.Multiply(yr, scale, yr);
                }
            }
        }

        var node = GradientTape.Record(ReduceGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = width;
            node.I1 = inner;
            node.F0 = scale;
        }

        return y;
    }

    private sealed class ReduceGrad : Op
    {
        public static readonly ReduceGrad Instance = new();

        public override string Name => "reduce_sum";

        // y[o, i] = s * sum_j x[o, j, i]  (s = 1, or 1/width for a mean):  dL/dx[o, j, i] = s * g[o, i]
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            // An empty reduced axis leaves x empty: its gradient is empty too, but it still exists.
            var dx = grads.Slot(x, out bool accumulate);
            int width = node.I0, inner = node.I1;
            if (width == 0)
            {
                return;
            }

            float s = node.F0;
            var ds = dx.Span;
            var gs = g.ReadOnlySpan;
            if (inner == 1)
            {
                for (int r = 0; r < gs.Length; r++)
                {
                    var row = ds.Slice(r * width, width);
                    if (accumulate)
                    {
                        TensorPrimitives.Add(row, s * gs[r], row);
                    }
                    else
                    {
                        row.Fill(s * gs[r]);
                    }
                }

                return;
            }

            int block = width * inner;
            for (int o = 0, r = 0; r < gs.Length; o += block, r += inner)
            {
                var gr = gs.Slice(r, inner);
                for (int j = 0; j < width; j++)
                {
                    var row = ds.Slice(o + (j * inner), inner);
                    if (accumulate)
                    {
                        TensorPrimitives.MultiplyAdd(gr, s, row, row);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(gr, s, row);
                    }
                }
            }
        }
    }
}
