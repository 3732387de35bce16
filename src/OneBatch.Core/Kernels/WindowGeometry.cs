using OneBatch.Tensors;

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
        => Create(n, h, w, c, kh, kw, sh, sw, padding, 1, 1);

    /// <summary>
    /// The geometry of a window whose elements sit <paramref name="dh"/> rows and <paramref name="dw"/> columns apart
    /// (a dilated convolution), with Keras/TensorFlow padding arithmetic; an error when the window does not fit.
    /// </summary>
    public static WindowGeometry Create(int n, int h, int w, int c, int kh, int kw, int sh, int sw, Padding padding, int dh, int dw)
    {
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0)
        {
            throw new ArgumentException($"Window {kh}x{kw}, strides {sh}x{sw} and dilations {dh}x{dw} must be positive.");
        }

        if (padding == Padding.Causal)
        {
            throw new ArgumentException("Causal padding applies to 1-D windows only.");
        }

        var (oh, padTop) = Axis(h, kh, sh, padding, dh);
        var (ow, padLeft) = Axis(w, kw, sw, padding, dw);
        if (oh <= 0 || ow <= 0)
        {
            string window = dh == 1 && dw == 1 ? $"{kh}x{kw} window" : $"{kh}x{kw} window dilated by {dh}x{dw} (spanning {LongSpan(kh, dh)}x{LongSpan(kw, dw)})";
            throw new ArgumentException(
                $"A {window} with {padding.ToKerasName()} padding does not fit a {h}x{w} input.");
        }

        return new WindowGeometry(n, h, w, c, kh, kw, sh, sw, oh, ow, padTop, padLeft, dh, dw);
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
            string span = dilation == 1 ? $"{k}-step window" : $"{k}-step window dilated by {dilation} (spanning {LongSpan(k, dilation)} steps)";
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
        // In long: a span and paddings from a file's sizes pass int (a 256-wide window dilated by 10^7); only sizes
        // that fit an int come out.
        long span = LongSpan(window, dilation);
        if (padding == Padding.Valid)
        {
            return (input < span ? 0 : (int)(((input - span) / stride) + 1), 0);
        }

        int output = (int)(((long)input + stride - 1) / stride);

        // The kernels index the padded input in int: the last window's far end must fit one.
        Fit(((output - 1L) * stride) + span, "the padded input");
        if (padding == Padding.Causal)
        {
            return (output, Fit(span - 1, "the padding"));
        }

        long total = Math.Max(((output - 1L) * stride) + span - input, 0);
        return (output, Fit(total / 2, "the padding"));
    }

    /// <summary>
    /// The geometry of the convolution whose adjoint is a transposed convolution (Keras's Conv2DTranspose) of images
    /// <c>[N, h, w, in]</c> into <c>[N, OH', OW', filters]</c>: that convolution reads the transposed one's output
    /// (<c>H = OH'</c>, <c>C = filters</c>) and gives its input (<c>OH = h</c>), with the padding that Keras 3's
    /// arithmetic implies (see <see cref="TransposedAxis"/>). An error when the output would be empty.
    /// </summary>
    public static WindowGeometry Transposed(
        int n, int h, int w, int filters, int kh, int kw, int sh, int sw, Padding padding, int? outputPaddingH, int? outputPaddingW, int dh, int dw)
    {
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0)
        {
            throw new ArgumentException($"Window {kh}x{kw}, strides {sh}x{sw} and dilations {dh}x{dw} must be positive.");
        }

        if (padding == Padding.Causal)
        {
            throw new ArgumentException("A transposed convolution takes \"valid\" or \"same\" padding.");
        }

        var (oh, padTop) = TransposedAxis(h, kh, sh, padding, outputPaddingH, dh);
        var (ow, padLeft) = TransposedAxis(w, kw, sw, padding, outputPaddingW, dw);
        if (oh <= 0 || ow <= 0)
        {
            throw new ArgumentException(
                $"A transposed {kh}x{kw} window with strides {sh}x{sw} and {padding.ToKerasName()} padding gives an empty output for a {h}x{w} input.");
        }

        return new WindowGeometry(n, oh, ow, filters, kh, kw, sh, sw, h, w, padTop, padLeft, dh, dw);
    }

    /// <summary>
    /// The output size of a transposed convolution along one axis, and the padding before it of the convolution that
    /// is its adjoint, as Keras 3 computes them. With the span <c>k = dilation * (window - 1) + 1</c>:
    /// "valid" gives <c>(in - 1) * stride + k + output_padding</c>, output_padding defaulting to
    /// <c>max(k, stride) - k</c>, nothing cut before; "same" gives <c>in * stride</c> without output_padding and
    /// <c>(in - 1) * stride + k % 2 + output_padding</c> with it. JAX pads the stride-dilated input by
    /// <c>left = min(ceil(p / 2), k - 1)</c>, with <c>p = stride + k - 2</c> (no output_padding) or
    /// <c>k + k % 2 - 2 + output_padding</c>: the adjoint convolution's window then starts <c>k - 1 - left</c> before
    /// the first output. TensorFlow's conv2d_transpose pads the same wherever it accepts the shape (it refuses "same"
    /// with an even span and output_padding 0, where this follows JAX).
    /// </summary>
    public static (int Out, int PadBefore) TransposedAxis(int input, int window, int stride, Padding padding, int? outputPadding, int dilation = 1)
    {
        long span = Fit(LongSpan(window, dilation), "the window");
        if (padding == Padding.Valid)
        {
            long extra = outputPadding ?? (Math.Max(span, stride) - span);
            return (Fit(((input - 1L) * stride) + span + extra, "the output"), 0);
        }

        long padLength = outputPadding is int op ? span + (span % 2) - 2 + op : stride + span - 2;
        long left = Math.Min((padLength / 2) + (padLength % 2), span - 1);
        long output = outputPadding is int o ? ((input - 1L) * stride) + (span % 2) + o : (long)input * stride;
        return (Fit(output, "the output"), Fit(span - 1 - left, "the padding"));
    }

    /// <summary>Input elements a window of <paramref name="window"/> elements, <paramref name="dilation"/> apart, covers.</summary>
    public static int Span(int window, int dilation) => Fit(LongSpan(window, dilation), "the window");

    private static long LongSpan(int window, int dilation) => ((long)dilation * (window - 1)) + 1;

    // A size along one axis that an int holds, or the error a model file's reader reports as bad input.
    private static int Fit(long size, string what) => size <= int.MaxValue
        ? (int)size
        : throw new TensorSizeException($"{what} along one axis would be {size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} elements, more than any size can be ({int.MaxValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}).");

    /// <summary>Rows of the im2col matrix: one per output position, N * OH * OW.</summary>
    public int Positions => TensorSizeException.CheckedLength((long)N * OH, OW, "the positions of a window");

    /// <summary>Columns of the im2col matrix: one per window element and channel, KH * KW * C.</summary>
    public int Patch => TensorSizeException.CheckedLength((long)KH * KW, C, "a window's patch");

    public int InputSize => TensorSizeException.CheckedLength((long)N * H * W, C, "a window's input");

    /// <summary>True when the im2col matrix is the input itself (a 1x1 window, stride 1, no padding).</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PadTop == 0 && PadLeft == 0;

    /// <summary>True when window elements are adjacent (no dilation), as pooling windows always are.</summary>
    public bool IsDense => DH == 1 && DW == 1;
}
