namespace OneBatch.Kernels;

/// <summary>
/// Where a 2-D window slides over a batch of NHWC images: the input <c>[N, H, W, C]</c>, the window
/// <c>KH x KW</c>, the strides, and the output <c>[N, OH, OW, ...]</c>. The top-left corner of output (oh, ow) reads
/// input row <c>oh * SH - PadTop</c>, column <c>ow * SW - PadLeft</c>; rows and columns outside the image are padding.
/// </summary>
public readonly record struct WindowGeometry(
    int N, int H, int W, int C, int KH, int KW, int SH, int SW, int OH, int OW, int PadTop, int PadLeft)
{
    /// <summary>The geometry with Keras/TensorFlow padding arithmetic; an error when the window does not fit.</summary>
    public static WindowGeometry Create(int n, int h, int w, int c, int kh, int kw, int sh, int sw, Padding padding)
    {
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0)
        {
            throw new ArgumentException($"Window {kh}x{kw} and strides {sh}x{sw} must be positive.");
        }

        var (oh, padTop) = Axis(h, kh, sh, padding);
        var (ow, padLeft) = Axis(w, kw, sw, padding);
        if (oh <= 0 || ow <= 0)
        {
            throw new ArgumentException(
                $"A {kh}x{kw} window with {padding.ToKerasName()} padding does not fit a {h}x{w} input.");
        }

        return new WindowGeometry(n, h, w, c, kh, kw, sh, sw, oh, ow, padTop, padLeft);
    }

    /// <summary>The output size along one axis and the padding before it.</summary>
    public static (int Out, int PadBefore) Axis(int input, int window, int stride, Padding padding)
    {
        if (padding == Padding.Valid)
        {
            return (input < window ? 0 : ((input - window) / stride) + 1, 0);
        }

        int output = (input + stride - 1) / stride;
        int total = Math.Max(((output - 1) * stride) + window - input, 0);
        return (output, total / 2);
    }

    /// <summary>Rows of the im2col matrix: one per output position, N * OH * OW.</summary>
    public int Positions => N * OH * OW;

    /// <summary>Columns of the im2col matrix: one per window element and channel, KH * KW * C.</summary>
    public int Patch => KH * KW * C;

    public int InputSize => N * H * W * C;

    /// <summary>True when the im2col matrix is the input itself (a 1x1 window, stride 1, no padding).</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PadTop == 0 && PadLeft == 0;
}
