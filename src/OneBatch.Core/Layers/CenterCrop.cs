using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Cuts the central <see cref="Height"/> x <see cref="Width"/> window out of images <c>[batch, h, w, channels]</c>,
/// like <c>keras.layers.CenterCrop</c> (the window starts at (h - height) / 2, rounded down). An image smaller than the
/// target along an axis is instead cropped to the target's aspect ratio and resized bilinearly, as Keras does.
/// </summary>
public sealed class CenterCrop : Layer
{
    public CenterCrop(int height, int width, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentException($"CenterCrop '{Name}' needs a positive height and width; got {height} x {width}.");
        }

        Height = height;
        Width = width;
    }

    public int Height { get; }

    public int Width { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 3 && inputShape[0] > 0 && inputShape[1] > 0
            ? new Shape(Height, Width, inputShape[2])
            : throw ShapeError(inputShape, "images [height, width, channels]");

    // x: [batch, h, w, c] -> [batch, Height, Width, c]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        int rows = x.Shape[1] - Height, columns = x.Shape[2] - Width;
        return rows >= 0 && columns >= 0
            ? Resizing.Crop(x, rows / 2, columns / 2, Height, Width)
            : Resizing.Resize(x, Height, Width, bilinear: true, cropToAspectRatio: true);
    }
}
