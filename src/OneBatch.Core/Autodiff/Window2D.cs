using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// The settings of a sliding 2-D window (a convolution kernel's or a pool's): its size, strides, padding and dilation
/// (the distance between the rows and columns a kernel reads; pools always read adjacent ones). A layer
/// creates one and passes it to every call of <see cref="Ops.Conv2D(Tensor, Tensor, Tensor?, Window2D)"/>,
/// <see cref="Ops.MaxPool2D"/> or <see cref="Ops.AvgPool2D"/>, so recording an op allocates nothing.
/// </summary>
public sealed class Window2D
{
    public Window2D(
        int height, int width, int strideHeight = 1, int strideWidth = 1, Padding padding = Padding.Valid, int dilationHeight = 1, int dilationWidth = 1)
    {
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"A window needs a positive size; got {height}x{width}.");
        }

        if (strideHeight <= 0 || strideWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(strideHeight), $"Strides must be positive; got {strideHeight}x{strideWidth}.");
        }

        if (dilationHeight <= 0 || dilationWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dilationHeight), $"Dilations must be positive; got {dilationHeight}x{dilationWidth}.");
        }

        if (padding == Padding.Causal)
        {
            throw new ArgumentException("Causal padding applies to 1-D windows only; a 2-D window takes \"valid\" or \"same\".", nameof(padding));
        }

        Height = height;
        Width = width;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        Padding = padding;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
    }

    public int Height { get; }

    public int Width { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public Padding Padding { get; }

    /// <summary>The distance between the rows the window reads (1: adjacent rows).</summary>
    public int DilationHeight { get; }

    /// <summary>The distance between the columns the window reads (1: adjacent columns).</summary>
    public int DilationWidth { get; }

    /// <summary>True when the window reads adjacent rows and columns.</summary>
    public bool IsDense => DilationHeight == 1 && DilationWidth == 1;

    /// <summary>The per-sample output height and width for a per-sample input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        (WindowGeometry.Axis(height, Height, StrideHeight, Padding, DilationHeight).Out, WindowGeometry.Axis(width, Width, StrideWidth, Padding, DilationWidth).Out);

    /// <summary>The geometry of this window over a batch <c>x: [N, H, W, C]</c>.</summary>
    internal WindowGeometry Over(Shape x) =>
        WindowGeometry.Create(x[0], x[1], x[2], x[3], Height, Width, StrideHeight, StrideWidth, Padding, DilationHeight, DilationWidth);

    public override string ToString() =>
        $"{Height}x{Width} window, strides {StrideHeight}x{StrideWidth}{(IsDense ? string.Empty : $", dilation {DilationHeight}x{DilationWidth}")}, {Padding.ToKerasName()} padding";
}
