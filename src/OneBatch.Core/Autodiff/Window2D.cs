using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// The settings of a sliding 2-D window (a convolution kernel's or a pool's): its size, strides and padding. A layer
/// creates one and passes it to every call of <see cref="Ops.Conv2D(Tensor, Tensor, Tensor?, Window2D)"/>,
/// <see cref="Ops.MaxPool2D"/> or <see cref="Ops.AvgPool2D"/>, so recording an op allocates nothing.
/// </summary>
public sealed class Window2D
{
    public Window2D(int height, int width, int strideHeight = 1, int strideWidth = 1, Padding padding = Padding.Valid)
    {
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"A window needs a positive size; got {height}x{width}.");
        }

        if (strideHeight <= 0 || strideWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(strideHeight), $"Strides must be positive; got {strideHeight}x{strideWidth}.");
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
    }

    public int Height { get; }

    public int Width { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public Padding Padding { get; }

    /// <summary>The per-sample output height and width for a per-sample input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        (WindowGeometry.Axis(height, Height, StrideHeight, Padding).Out, WindowGeometry.Axis(width, Width, StrideWidth, Padding).Out);

    /// <summary>The geometry of this window over a batch <c>x: [N, H, W, C]</c>.</summary>
    internal WindowGeometry Over(Shape x) =>
        WindowGeometry.Create(x[0], x[1], x[2], x[3], Height, Width, StrideHeight, StrideWidth, Padding);

    public override string ToString() =>
        $"{Height}x{Width} window, strides {StrideHeight}x{StrideWidth}, {Padding.ToKerasName()} padding";
}
