namespace OneBatch.Kernels;

/// <summary>
/// Where a 2-D window slides over a batch of NHWC images: the input <c>[N, H, W, C]</c>, the window
/// <c>KH x KW</c>, the strides, the dilations and the output <c>[N, OH, OW, ...]</c>. The top-left corner of output
/// (oh, ow) reads input row <c>oh * SH - PadTop</c>, column <c>ow * SW - PadLeft</c>, and window element (kh, kw) sits
/// <c>kh * DH</c> rows and <c>kw * DW</c> columns from it; rows and columns outside the image are padding. A 1-D window
/// over sequences <c>[N, L, C]</c> is the case H = KH = 1 (see <see cref="Create1D"/>).
/// </summary>
public readonly record struct WindowGeometry(
    int N, int H, int W, int C, int KH, int KW, int SH, int SW, int OH, int OW, int PadTop, int PadLeft, int DH = 1, int DW = 1)
{
    /// <summary>The geometry with Keras/TensorFlow padding arithmetic; an error when the window does not fit.</summary>
    public static WindowGeometry Create(int n, int h, int w, int c, int kh, int kw, int sh, int sw, Padding padding)
    {
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0)
        {
            throw new ArgumentException($"Window {kh}x{kw} and strides {sh}x{sw} must be positive.");
        }

        if (padding == Padding.Causal)
        {
            throw new ArgumentException("Causal padding applies to 1-D windows only.");
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

    /// <summary>
    /// A 1-D window of <paramref name="k"/> steps, <paramref name="dilation"/> apart, over sequences <c>[N, L, C]</c>,
    /// seen as images <c>[N, 1, L, C]</c>; an error when the window does not fit.
    /// </summary>
    public static WindowGeometry Create1D(int n, int length, int c, int k, int stride, int dilation, Padding padding)
    {
        if (k <= 0 || stride <= 0 || dilation <= 0)
        {
            throw new ArgumentException($"Window {k}, stride {stride} and dilation {dilation} must be positive.");
        }

        var (outLength, padBefore) = Axis(length, k, stride, padding, dilation);
        if (outLength <= 0)
        {
            string span = dilation == 1 ? $"{k}-step window" : $"{k}-step window dilated by {dilation} (spanning {Span(k, dilation)} steps)";
            throw new ArgumentException($"A {span} with {padding.ToKerasName()} padding does not fit a sequence of {length} steps.");
        }

        return new WindowGeometry(n, 1, length, c, 1, k, 1, stride, 1, outLength, 0, padBefore, 1, dilation);
    }

    /// <summary>
    /// The output size along one axis and the padding before it, as Keras computes them: the window covers
    /// <c>dilation * (window - 1) + 1</c> input elements; "same" pads that span less one in total, the odd one after;
    /// "causal" puts all of it before.
    /// </summary>
    public static (int Out, int PadBefore) Axis(int input, int window, int stride, Padding padding, int dilation = 1)
    {
        int span = Span(window, dilation);
        if (padding == Padding.Valid)
        {
            return (input < span ? 0 : ((input - span) / stride) + 1, 0);
        }

        int output = (input + stride - 1) / stride;
        if (padding == Padding.Causal)
        {
            return (output, span - 1);
        }

        int total = Math.Max(((output - 1) * stride) + span - input, 0);
        return (output, total / 2);
    }

    /// <summary>Input elements a window of <paramref name="window"/> elements, <paramref name="dilation"/> apart, covers.</summary>
    public static int Span(int window, int dilation) => (dilation * (window - 1)) + 1;

    /// <summary>Rows of the im2col matrix: one per output position, N * OH * OW.</summary>
    public int Positions => N * OH * OW;

    /// <summary>Columns of the im2col matrix: one per window element and channel, KH * KW * C.</summary>
    public int Patch => KH * KW * C;

    public int InputSize => N * H * W * C;

    /// <summary>True when the im2col matrix is the input itself (a 1x1 window, stride 1, no padding).</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PadTop == 0 && PadLeft == 0;

    /// <summary>True when window elements are adjacent (no dilation), as pooling windows always are.</summary>
    public bool IsDense => DH == 1 && DW == 1;
}
