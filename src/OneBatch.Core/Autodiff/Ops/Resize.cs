using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Images <c>[batch, height, width, channels]</c> resized to <paramref name="height"/> x <paramref name="width"/>,
    /// as <c>keras.ops.image.resize</c> does without antialiasing (TensorFlow's <c>tf.image.resize</c> and JAX's
    /// <c>jax.image.resize</c> agree there): output pixel o samples the input at (o + 1/2) * in / out - 1/2 (half-pixel
    /// centres), bilinear between the two nearest pixels of each axis with the edge pixels repeated beyond the border, or
    /// nearest taking pixel floor((o + 1/2) * in / out).
    /// </summary>
    public static Tensor Resize(Tensor x, int height, int width, bool bilinear = true)
    {
        if (x.Rank != 4 || height <= 0 || width <= 0 || x.Shape[1] == 0 || x.Shape[2] == 0)
        {
            throw new ArgumentException($"Resize needs images [batch, height, width, channels] of some pixels and a positive size; got shape {x.Shape} to {height} x {width}.");
        }

        int n = x.Shape[0], c = x.Shape[3];
        var y = GradientTape.NewOutput(new Shape(n, height, width, c));
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        var sample = new ResizeSample(x.Shape[1], x.Shape[2], height, width, bilinear);
        for (int b = 0; b < n; b++)
        {
            for (int oy = 0; oy < height; oy++)
            {
                var (y0, y1, fy) = sample.Row(oy);
                for (int ox = 0; ox < width; ox++)
                {
                    var (x0, x1, fx) = sample.Column(ox);
                    var target = ys.Slice((((b * height) + oy) * width + ox) * c, c);
                    if (bilinear)
                    {
                        // TensorFlow's order of operations: along the row first, then between the rows (an edge pixel
                        // paired with itself comes out exact).
                        var a = sample.Pixel(xs, b, y0, x0, c);
                        var right = sample.Pixel(xs, b, y0, x1, c);
                        var below = sample.Pixel(xs, b, y1, x0, c);
                        var belowRight = sample.Pixel(xs, b, y1, x1, c);
                        for (int k = 0; k < c; k++)
                        {
                            float top = a[k] + ((right[k] - a[k]) * fx);
                            float bottom = below[k] + ((belowRight[k] - below[k]) * fx);
                            target[k] = top + ((bottom - top) * fy);
                        }
                    }
                    else
                    {
                        sample.Pixel(xs, b, y0, x0, c).CopyTo(target);
                    }
                }
            }
        }

        var node = GradientTape.Record(ResizeGrad.Instance, y, x);
        if (node is not null)
        {
            node.I0 = bilinear ? 1 : 0;
        }

        return y;
    }

    /// <summary>Where output rows and columns sample the input, for one resize.</summary>
    private readonly struct ResizeSample(int inHeight, int inWidth, int outHeight, int outWidth, bool bilinear)
    {
        private readonly float _rowScale = (float)inHeight / outHeight;
        private readonly float _columnScale = (float)inWidth / outWidth;

        public (int Low, int High, float Fraction) Row(int o) => Axis(o, _rowScale, inHeight);

        public (int Low, int High, float Fraction) Column(int o) => Axis(o, _columnScale, inWidth);

        /// <summary>The <paramref name="c"/> channels of input pixel (b, row, column).</summary>
        public ReadOnlySpan<float> Pixel(ReadOnlySpan<float> xs, int b, int row, int column, int c) =>
            xs.Slice((((b * inHeight) + row) * inWidth + column) * c, c);

        // Bilinear: the two pixels around (o + 0.5) * scale - 0.5, each clamped into the image (beyond the border both
        // are the edge pixel), and the weight of the second. Nearest: pixel floor((o + 0.5) * scale), weight 0.
        private (int Low, int High, float Fraction) Axis(int o, float scale, int size)
        {
            if (!bilinear)
            {
                int nearest = Math.Min((int)MathF.Floor((o + 0.5f) * scale), size - 1);
                return (nearest, nearest, 0f);
            }

            float s = ((o + 0.5f) * scale) - 0.5f;
            float floor = MathF.Floor(s);
            int low = (int)floor;
            return (Math.Clamp(low, 0, size - 1), Math.Clamp(low + 1, 0, size - 1), s - floor);
        }
    }

    private sealed class ResizeGrad : Op
    {
        public static readonly ResizeGrad Instance = new();

        public override string Name => "resize";

        // y[o] = sum over the sampled pixels p of w(o, p) x[p], linear in x:  dL/dx[p] = sum over o of w(o, p) g[o]
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            bool bilinear = node.I0 == 1;
            int n = x.Shape[0], inHeight = x.Shape[1], inWidth = x.Shape[2], c = x.Shape[3];
            int height = g.Shape[1], width = g.Shape[2];
            var sample = new ResizeSample(inHeight, inWidth, height, width, bilinear);
            var dx = grads.Slot(x, out bool accumulate).Span;
            if (!accumulate)
            {
                dx.Clear();
            }

            var gs = g.ReadOnlySpan;
            for (int b = 0; b < n; b++)
            {
                for (int oy = 0; oy < height; oy++)
                {
                    var (y0, y1, fy) = sample.Row(oy);
                    for (int ox = 0; ox < width; ox++)
                    {
                        var (x0, x1, fx) = sample.Column(ox);
                        var go = gs.Slice((((b * height) + oy) * width + ox) * c, c);
                        if (bilinear)
                        {
                            Scatter(dx, go, (1f - fy) * (1f - fx), (((b * inHeight) + y0) * inWidth + x0) * c);
                            Scatter(dx, go, (1f - fy) * fx, (((b * inHeight) + y0) * inWidth + x1) * c);
                            Scatter(dx, go, fy * (1f - fx), (((b * inHeight) + y1) * inWidth + x0) * c);
                            Scatter(dx, go, fy * fx, (((b * inHeight) + y1) * inWidth + x1) * c);
                        }
                        else
                        {
                            Scatter(dx, go, 1f, (((b * inHeight) + y0) * inWidth + x0) * c);
                        }
                    }
                }
            }
        }

        private static void Scatter(Span<float> dx, ReadOnlySpan<float> g, float weight, int offset)
        {
            var target = dx.Slice(offset, g.Length);
            TensorPrimitives.MultiplyAdd(g, weight, target, target);
        }
    }
}
