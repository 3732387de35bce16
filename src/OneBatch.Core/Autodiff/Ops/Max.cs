using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The max over <paramref name="axis"/> (negative counts from the end), like <c>keras.ops.max</c>. Where several
    /// elements tie for the max they share its gradient equally, as in TensorFlow, JAX and PyTorch (max pooling
    /// instead gives all of it to the first).
    /// </summary>
    public static Tensor Max(Tensor x, int axis, bool keepDims = false)
    {
        int a = NormalizeAxis("Max", axis, x.Rank);
        Span<int> dims = stackalloc int[x.Rank];
        x.Shape.CopyTo(dims);
        int width = dims[a];
        if (width == 0)
        {
            throw new ArgumentException($"Max over axis {axis} of shape {x.Shape}: an empty axis has no max.");
        }

        int inner = 1;
        for (int i = a + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }

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

        // x: [outer, width, inner] -> y: [outer, inner], a running max over whole rows of the inner axes.
        var y = GradientTape.NewOutput(shape);
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        int block = width * inner;
        for (int o = 0, r = 0; r < ys.Length; o += block, r += inner)
        {
            var yr = ys.Slice(r, inner);
            xs.Slice(o, inner).CopyTo(yr);
            for (int j = 1; j < width; j++)
            {
                TensorPrimitives.Max(yr, xs.Slice(o + (j * inner), inner), yr);
            }
        }

        var node = GradientTape.Record(MaxGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = width;
            node.I1 = inner;
        }

        return y;
    }

    private sealed class MaxGrad : Op
    {
        public static readonly MaxGrad Instance = new();

        public override string Name => "reduce_max";

        // y[o, i] = max_j x[o, j, i]:  dL/dx[o, j, i] = g[o, i] / n[o, i] where x[o, j, i] = y[o, i] (n[o, i] such j), else 0.
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            var ds = grads.Slot(x, out bool accumulate).Span;
            int width = node.I0, inner = node.I1;
            int block = width * inner;
            var xs = x.ReadOnlySpan;
            var ys = node.Output.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var share = Temp(inner);
            for (int o = 0, r = 0; r < gs.Length; o += block, r += inner)
            {
                var yr = ys.Slice(r, inner);
                share.Clear();
                for (int j = 0; j < width; j++)
                {
                    var xr = xs.Slice(o + (j * inner), inner);
                    for (int i = 0; i < inner; i++)
                    {
                        share[i] += xr[i] == yr[i] ? 1f : 0f;
                    }
                }

                for (int i = 0; i < inner; i++)
                {
                    share[i] = gs[r + i] / share[i];
                }

                for (int j = 0; j < width; j++)
                {
                    var xr = xs.Slice(o + (j * inner), inner);
                    var dr = ds.Slice(o + (j * inner), inner);
                    for (int i = 0; i < inner; i++)
                    {
                        float d = xr[i] == yr[i] ? share[i] : 0f;
                        dr[i] = accumulate ? dr[i] + d : d;
                    }
                }
            }
        }
    }
}
