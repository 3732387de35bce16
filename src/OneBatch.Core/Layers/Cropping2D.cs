using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Cuts rows and columns off the borders of images, like <c>keras.layers.Cropping2D</c>:
/// <c>[batch, H, W, C] -> [batch, H - top - bottom, W - left - right, C]</c>; nothing by default. As in Keras, the
/// cropping along each axis must leave at least one row and one column.
/// <code>new Cropping2D(2)   new Cropping2D((1, 2))   new Cropping2D(((0, 1), (2, 3)))</code>
/// </summary>
/// <remarks>Masks: Keras 3's Cropping2D does not support masking, so a mask on the input is dropped.</remarks>
public sealed class Cropping2D : Layer
{
    /// <summary>The same number of rows and columns cut from every side.</summary>
    public Cropping2D(int cropping = 0, string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : this(((cropping, cropping), (cropping, cropping)), dataFormat, inputShape, name)
    {
    }

    /// <summary>Rows cut from the top and bottom (height) and columns from the left and right (width).</summary>
    public Cropping2D((int Height, int Width) cropping, string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : this(((cropping.Height, cropping.Height), (cropping.Width, cropping.Width)), dataFormat, inputShape, name)
    {
    }

    /// <summary>Keras's <c>((top_crop, bottom_crop), (left_crop, right_crop))</c>.</summary>
    public Cropping2D(((int Top, int Bottom) Height, (int Left, int Right) Width) cropping, string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (cropping.Height.Top < 0 || cropping.Height.Bottom < 0 || cropping.Width.Left < 0 || cropping.Width.Right < 0)
        {
            throw new ArgumentException(
                $"Cropping2D needs cropping of 0 or more on each side; got (({cropping.Height.Top}, {cropping.Height.Bottom}), ({cropping.Width.Left}, {cropping.Width.Right})).");
        }

        Cropping = cropping;
        DataFormat = DataFormats.Parse(dataFormat, "Cropping2D");
    }

    /// <summary>Rows cut from the top and bottom, columns from the left and right.</summary>
    public ((int Top, int Bottom) Height, (int Left, int Right) Width) Cropping { get; }

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
        int h = last[0] - Cropping.Height.Top - Cropping.Height.Bottom, w = last[1] - Cropping.Width.Left - Cropping.Width.Right;
        if (h <= 0 || w <= 0)
        {
            throw ShapeError(
                inputShape,
                $"images larger than the {Cropping.Height.Top} + {Cropping.Height.Bottom} rows and {Cropping.Width.Left} + {Cropping.Width.Right} columns it crops");
        }

        return DataFormat.FromChannelsLast(new Shape(h, w, last[2]));
    }

    // x: [batch, H, W, C] -> x[:, top:H - bottom, left:W - right, :]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        int rows = DataFormat == DataFormat.ChannelsFirst ? 2 : 1;
        var cut = Ops.Slice(x, rows, Cropping.Height.Top, x.Shape[rows] - Cropping.Height.Top - Cropping.Height.Bottom);
        return Ops.Slice(cut, rows + 1, Cropping.Width.Left, x.Shape[rows + 1] - Cropping.Width.Left - Cropping.Width.Right);
    }
}
