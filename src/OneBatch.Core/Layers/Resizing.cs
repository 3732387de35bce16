using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Resizes images <c>[batch, height, width, channels]</c> to <see cref="Height"/> x <see cref="Width"/>, like
/// <c>keras.layers.Resizing</c>: <c>bilinear</c> (the default) or <c>nearest</c>, without antialiasing, as
/// <c>keras.ops.image.resize</c> (<see cref="Ops.Resize"/>). With <see cref="CropToAspectRatio"/> the largest centred
/// window of the target's aspect ratio is cut out first, so the image is not distorted.
/// </summary>
public sealed class Resizing : Layer
{
    public Resizing(int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentException($"Resizing '{Name}' needs a positive height and width; got {height} x {width}.");
        }

        Interpolation = (interpolation ?? "bilinear").ToLowerInvariant();
        if (Interpolation is not ("bilinear" or "nearest"))
        {
            throw new ArgumentException($"Resizing '{Name}' interpolates bilinear or nearest; got '{interpolation}'.", nameof(interpolation));
        }

        Height = height;
        Width = width;
        CropToAspectRatio = cropToAspectRatio;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary><c>bilinear</c> or <c>nearest</c>.</summary>
    public string Interpolation { get; }

    public bool CropToAspectRatio { get; }

    /// <summary>Every output pixel is an input pixel or a weighted mean of some (weights summing to 1).</summary>
    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 3 && inputShape[0] > 0 && inputShape[1] > 0
            ? new Shape(Height, Width, inputShape[2])
            : throw ShapeError(inputShape, "images [height, width, channels]");

    // x: [batch, h, w, c] -> [batch, Height, Width, c]
    protected internal override Tensor Call(Tensor x, bool training) => Resize(x, Height, Width, Interpolation == "bilinear", CropToAspectRatio);

    /// <summary>
    /// Images resized to height x width, after cutting out the largest centred window of that aspect ratio when
    /// <paramref name="cropToAspectRatio"/> (Keras's <c>smart_resize</c> with bilinear).
    /// </summary>
    internal static Tensor Resize(Tensor x, int height, int width, bool bilinear, bool cropToAspectRatio)
    {
        if (cropToAspectRatio)
        {
            var (top, left, h, w) = AspectWindow(x.Shape[1], x.Shape[2], height, width);
            x = Crop(x, top, left, h, w);
        }

        return x.Shape[1] == height && x.Shape[2] == width ? x : Ops.Resize(x, height, width, bilinear);
    }

    /// <summary>Images [batch, h, w, c] cut to rows top .. top + height and columns left .. left + width (the axes already that size are left alone).</summary>
    internal static Tensor Crop(Tensor x, int top, int left, int height, int width)
    {
        if (x.Shape[1] != height)
        {
            x = Ops.Slice(x, 1, top, height);
        }

        return x.Shape[2] != width ? Ops.Slice(x, 2, left, width) : x;
    }

    /// <summary>
    /// The largest centred window of an h x w image with the target's aspect ratio, as Keras computes it (whole pixels,
    /// at least 1, the start rounded down).
    /// </summary>
    internal static (int Top, int Left, int Height, int Width) AspectWindow(int height, int width, int targetHeight, int targetWidth)
    {
        int cropHeight = Math.Max(Math.Min(height, (int)((double)width * targetHeight / targetWidth)), 1);
        int cropWidth = Math.Max(Math.Min(width, (int)((double)height * targetWidth / targetHeight)), 1);
        return ((height - cropHeight) / 2, (width - cropWidth) / 2, cropHeight, cropWidth);
    }
}
