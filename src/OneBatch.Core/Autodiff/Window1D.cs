using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// The settings of a window sliding along the steps of sequences <c>[N, L, C]</c> (a 1-D convolution kernel's or a
/// pool's): its size, stride, dilation and padding. A layer creates one and passes it to every call of its op
/// (<c>Ops.Conv1D</c>, <c>Ops.MaxPool1D</c>, <c>Ops.AvgPool1D</c>), so recording an op allocates nothing.
/// </summary>
public sealed class Window1D
{
    public Window1D(int size, int stride = 1, Padding padding = Padding.Valid, int dilation = 1)
    {
        if (size <= 0 || stride <= 0 || dilation <= 0)
        {
            throw new ArgumentOutOfRangeException(
                size <= 0 ? nameof(size) : stride <= 0 ? nameof(stride) : nameof(dilation),
                $"A window needs a positive size, stride and dilation; got {size}, {stride} and {dilation}.");
        }

        Size = size;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
    }

    public int Size { get; }

    public int Stride { get; }

    public Padding Padding { get; }

    /// <summary>The distance between the steps the window reads (1: adjacent steps).</summary>
    public int Dilation { get; }

    /// <summary>The steps the window spans: <c>dilation * (size - 1) + 1</c>.</summary>
    public int Span => WindowGeometry.Span(Size, Dilation);

    /// <summary>The output length for sequences of <paramref name="length"/> steps (0 or less: the window does not fit).</summary>
    public int OutputLength(int length) => WindowGeometry.Axis(length, Size, Stride, Padding, Dilation).Out;

    /// <summary>The geometry of this window over a batch <c>x: [N, L, C]</c>, seen as <c>[N, 1, L, C]</c>.</summary>
    internal WindowGeometry Over(Shape x) => WindowGeometry.Create1D(x[0], x[1], x[2], Size, Stride, Dilation, Padding);

    public override string ToString() =>
        $"{Size}-step window, stride {Stride}{(Dilation == 1 ? string.Empty : $", dilation {Dilation}")}, {Padding.ToKerasName()} padding";
}
