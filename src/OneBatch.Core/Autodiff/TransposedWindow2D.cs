using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// The settings of a transposed 2-D convolution (Keras's Conv2DTranspose): kernel size, strides, padding,
/// output_padding (null: Keras's default) and dilation. A layer creates one and passes it to every call of
/// <see cref="Ops.Conv2DTranspose"/>, so recording the op allocates nothing.
/// </summary>
public sealed class TransposedWindow2D
{
    public TransposedWindow2D(
        int height, int width, int strideHeight = 1, int strideWidth = 1, Padding padding = Padding.Valid,
        int? outputPaddingHeight = null, int? outputPaddingWidth = null, int dilationHeight = 1, int dilationWidth = 1)
    {
        if (height <= 0 || width <= 0 || strideHeight <= 0 || strideWidth <= 0 || dilationHeight <= 0 || dilationWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(height), $"A transposed window needs a positive size, strides and dilations; got {height}x{width}, {strideHeight}x{strideWidth} and {dilationHeight}x{dilationWidth}.");
        }

        if (outputPaddingHeight is null != outputPaddingWidth is null || outputPaddingHeight < 0 || outputPaddingWidth < 0)
        {
            throw new ArgumentException($"Output padding must be given for both axes, each 0 or more; got {outputPaddingHeight}x{outputPaddingWidth}.");
        }

        if (padding == Padding.Causal)
        {
            throw new ArgumentException("A transposed convolution takes \"valid\" or \"same\" padding.", nameof(padding));
        }

        Height = height;
        Width = width;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        Padding = padding;
        OutputPaddingHeight = outputPaddingHeight;
        OutputPaddingWidth = outputPaddingWidth;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
    }

    public int Height { get; }

    public int Width { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public Padding Padding { get; }

    /// <summary>Rows added after the output's last row (null: Keras's default for the padding).</summary>
    public int? OutputPaddingHeight { get; }

    /// <summary>Columns added after the output's last column (null: Keras's default for the padding).</summary>
    public int? OutputPaddingWidth { get; }

    public int DilationHeight { get; }

    public int DilationWidth { get; }

    /// <summary>The per-sample output height and width for a per-sample input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        (WindowGeometry.TransposedAxis(height, Height, StrideHeight, Padding, OutputPaddingHeight, DilationHeight).Out,
         WindowGeometry.TransposedAxis(width, Width, StrideWidth, Padding, OutputPaddingWidth, DilationWidth).Out);

    /// <summary>The geometry of the convolution that is this one's adjoint, for x <c>[N, h, w, in]</c> and <paramref name="filters"/> outputs.</summary>
    internal WindowGeometry Over(Shape x, int filters) =>
        WindowGeometry.Transposed(
            x[0], x[1], x[2], filters, Height, Width, StrideHeight, StrideWidth, Padding, OutputPaddingHeight, OutputPaddingWidth, DilationHeight, DilationWidth);

    public override string ToString() =>
        $"transposed {Height}x{Width} window, strides {StrideHeight}x{StrideWidth}, {Padding.ToKerasName()} padding"
        + (OutputPaddingHeight is null ? string.Empty : $", output padding {OutputPaddingHeight}x{OutputPaddingWidth}")
        + (DilationHeight == 1 && DilationWidth == 1 ? string.Empty : $", dilation {DilationHeight}x{DilationWidth}");
}
