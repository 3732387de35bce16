using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Adds rows and columns of zeros around images, like <c>keras.layers.ZeroPadding2D</c>:
/// <c>[batch, H, W, C] -> [batch, top + H + bottom, left + W + right, C]</c>; 1 on every side by default.
/// <code>new ZeroPadding2D(2)   new ZeroPadding2D((1, 2))   new ZeroPadding2D(((0, 1), (2, 3)))</code>
/// </summary>
/// <remarks>Masks: Keras 3's ZeroPadding2D does not support masking, so a mask on the input is dropped.</remarks>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>The same number of zero rows and columns on every side.</summary>
    public ZeroPadding2D(int padding = 1, string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : this(((padding, padding), (padding, padding)), dataFormat, inputShape, name)
    {
    }

    /// <summary>Rows above and below (height) and columns left and right (width): Keras's <c>(symmetric_height_pad, symmetric_width_pad)</c>.</summary>
    public ZeroPadding2D((int Height, int Width) padding, string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : this(((padding.Height, padding.Height), (padding.Width, padding.Width)), dataFormat, inputShape, name)
    {
    }

    /// <summary>Keras's <c>((top_pad, bottom_pad), (left_pad, right_pad))</c>.</summary>
    public ZeroPadding2D(((int Top, int Bottom) Height, (int Left, int Right) Width) padding, string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (padding.Height.Top < 0 || padding.Height.Bottom < 0 || padding.Width.Left < 0 || padding.Width.Right < 0)
        {
            throw new ArgumentException(
                $"ZeroPadding2D needs padding of 0 or more on each side; got (({padding.Height.Top}, {padding.Height.Bottom}), ({padding.Width.Left}, {padding.Width.Right})).");
        }

        Padding = padding;
        DataFormat = DataFormats.Parse(dataFormat, "ZeroPadding2D");
    }

    /// <summary>Zero rows above and below, zero columns left and right.</summary>
    public ((int Top, int Bottom) Height, (int Left, int Right) Width) Padding { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw ShapeError(inputShape, "images (rank 3 per sample)");
        }

        var last = DataFormat.ToChannelsLast(inputShape);
        return DataFormat.FromChannelsLast(new Shape(
            Padding.Height.Top + last[0] + Padding.Height.Bottom, Padding.Width.Left + last[1] + Padding.Width.Right, last[2]));
    }

    // x: [batch, H, W, C] -> [batch, top + H + bottom, left + W + right, C]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        int rows = DataFormat == DataFormat.ChannelsFirst ? 2 : 1;
        var padded = Ops.Pad(x, rows, Padding.Height.Top, Padding.Height.Bottom);
        return Ops.Pad(padded, rows + 1, Padding.Width.Left, Padding.Width.Right);
    }
}
