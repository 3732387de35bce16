using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>The sum of all elements, as a scalar tensor.</summary>
    public static Tensor Sum(Tensor x) => Reduce(x, lastAxis: false, mean: false, keepDims: false);

    /// <summary>The mean of all elements, as a scalar tensor.</summary>
    public static Tensor Mean(Tensor x) => Reduce(x, lastAxis: false, mean: true, keepDims: false);

    /// <summary>The sum over <paramref name="axis"/> (only the last axis is supported: -1 or rank-1).</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) =>
        Reduce(x, lastAxis: CheckLastAxis("Sum", x, axis), mean: false, keepDims);

    /// <summary>The mean over <paramref name="axis"/> (only the last axis is supported: -1 or rank-1).</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false) =>
        Reduce(x, lastAxis: CheckLastAxis("Mean", x, axis), mean: true, keepDims);

    private static bool CheckLastAxis(string op, Tensor x, int axis)
    {
        if (NormalizeAxis(op, axis, x.Rank) != x.Rank - 1)
        {
            throw new NotSupportedException($"{op} over axis {axis} of a rank-{x.Rank} tensor: only the last axis is supported.");
        }

        return true;
    }

    private static Tensor Reduce(Tensor x, bool lastAxis, bool mean, bool keepDims)
    {
        int width = lastAxis ? x.Shape.Last : x.Size;
        Shape shape = lastAxis ? (keepDims ? x.Shape.WithLast(1) : x.Shape.DropLast()) : Shape.Scalar;
        var y = GradientTape.NewOutput(shape);
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        float scale = mean && width > 0 ? 1f / width : 1f;
        if (width == 0)
        {
            ys.Fill(mean ? float.NaN : 0f);
        }
        else
        {
            for (int r = 0; r < ys.Length; r++)
            {
                ys[r] = TensorPrimitives.Sum(xs.Slice(r * width, width)) * scale;
            }
        }

        var node = GradientTape.Record(ReduceGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = width;
            node.F0 = scale;
        }

        return y;
    }

    private sealed class ReduceGrad : Op
    {
        public static readonly ReduceGrad Instance = new();

        public override string Name => "reduce_sum";

        // y[r] = s * sum_j x[r, j]  (s = 1, or 1/width for a mean):  dL/dx[r, j] = s * g[r]
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x) || node.I0 == 0)
            {
                return;
            }

            int width = node.I0;
            float s = node.F0;
            var dx = grads.Slot(x, out bool accumulate);
            var ds = dx.Span;
            var gs = g.ReadOnlySpan;
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
        }
    }
}
