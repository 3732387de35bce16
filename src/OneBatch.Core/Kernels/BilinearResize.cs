using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace OneBatch.Kernels;

/// <summary>
/// Bilinear resizing of NHWC images as TensorFlow's <c>tf.image.resize(method="bilinear")</c> (and Keras 3's
/// <c>ops.image.resize</c>, which both TensorFlow and JAX compute this way when enlarging) does it: half-pixel centres,
/// output pixel o reading input position <c>(o + 0.5) * in / out - 0.5</c>, clamped at the borders; the value is the
/// linear blend of the two input pixels around that position, along rows and then columns. Each pixel is a run of C
/// channels, so the blends run over whole pixels at once.
/// </summary>
public static class BilinearResize
{
    /// <summary>y <c>[N, OH, OW, C]</c> = x <c>[N, H, W, C]</c> resized.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int n, int h, int w, int c, int oh, int ow)
    {
        Check(x.Length, y.Length, n, h, w, c, oh, ow);
        int pixel = c;
        for (int b = 0; b < n; b++)
        {
            var image = x.Slice(b * h * w * c, h * w * c);
            for (int r = 0; r < oh; r++)
            {
                var (top, bottom, ty) = Source(r, h, oh);
                for (int q = 0; q < ow; q++)
                {
                    var (left, right, tx) = Source(q, w, ow);
                    var d = y.Slice((((b * oh) + r) * ow + q) * pixel, pixel);

                    // d = (1 - ty) * ((1 - tx) * tl + tx * tr) + ty * ((1 - tx) * bl + tx * br)
                    TensorPrimitives.Multiply(image.Slice(((top * w) + left) * c, c), (1f - ty) * (1f - tx), d);
                    TensorPrimitives.MultiplyAdd(image.Slice(((top * w) + right) * c, c), (1f - ty) * tx, d, d);
                    TensorPrimitives.MultiplyAdd(image.Slice(((bottom * w) + left) * c, c), ty * (1f - tx), d, d);
                    TensorPrimitives.MultiplyAdd(image.Slice(((bottom * w) + right) * c, c), ty * tx, d, d);
                }
            }
        }
    }

    /// <summary>dx (+)= the adjoint of <see cref="Forward"/> applied to dy: each output pixel's gradient goes back to its four sources by the same weights.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int n, int h, int w, int c, int oh, int ow, bool accumulate)
    {
        Check(dx.Length, dy.Length, n, h, w, c, oh, ow);
        if (!accumulate)
        {
            dx[..(n * h * w * c)].Clear();
        }

        for (int b = 0; b < n; b++)
        {
            var image = dx.Slice(b * h * w * c, h * w * c);
            for (int r = 0; r < oh; r++)
            {
                var (top, bottom, ty) = Source(r, h, oh);
                for (int q = 0; q < ow; q++)
                {
                    var (left, right, tx) = Source(q, w, ow);
                    var g = dy.Slice((((b * oh) + r) * ow + q) * c, c);
                    Add(g, (1f - ty) * (1f - tx), image.Slice(((top * w) + left) * c, c));
                    Add(g, (1f - ty) * tx, image.Slice(((top * w) + right) * c, c));
                    Add(g, ty * (1f - tx), image.Slice(((bottom * w) + left) * c, c));
                    Add(g, ty * tx, image.Slice(((bottom * w) + right) * c, c));
                }
            }
        }
    }

    /// <summary>
    /// The two input indices around output index <paramref name="o"/> and the weight of the second, in TensorFlow's
    /// float arithmetic: <c>in = (o + 0.5) * scale - 0.5</c>, <c>lower = max(floor(in), 0)</c>,
    /// <c>upper = min(ceil(in), size - 1)</c>, weight <c>in - floor(in)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int Lower, int Upper, float Weight) Source(int o, int inSize, int outSize)
    {
        float scale = inSize / (float)outSize;
        float at = ((o + 0.5f) * scale) - 0.5f;
        float floor = MathF.Floor(at);
        int lower = Math.Max((int)floor, 0);
        int upper = Math.Min((int)MathF.Ceiling(at), inSize - 1);
        return (lower, upper, at - floor);
    }

    private static void Add(ReadOnlySpan<float> g, float weight, Span<float> d) => TensorPrimitives.MultiplyAdd(g, weight, d, d);

    private static void Check(int input, int output, int n, int h, int w, int c, int oh, int ow)
    {
        if (n < 0 || h <= 0 || w <= 0 || c < 0 || oh < 0 || ow < 0 || input < n * h * w * c || output < n * oh * ow * c)
        {
            throw new ArgumentException("Bilinear resize: the spans do not fit the sizes (the input must have at least one row and column).");
        }
    }
}
