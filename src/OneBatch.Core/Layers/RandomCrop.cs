using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Crops images <c>[batch, h, w, channels]</c> to <see cref="Height"/> x <see cref="Width"/>, like
/// <c>keras.layers.RandomCrop</c>: in training at a random place (the same for the whole batch; an image not larger
/// than the target is cropped to the target's aspect ratio and resized instead); in inference by cutting out the largest centred window of the target's aspect
/// ratio and resizing it bilinearly, as tf.keras 2 and Keras 3 up to 3.5 do and document (Keras 3.6 to 3.13 passed the
/// image through unchanged in inference, against its own output shape; a fix restores the crop). The single-batch check
/// runs it as in inference and says so.
/// </summary>
public sealed class RandomCrop : Layer
{
    private readonly RandomGenerator _random;

    public RandomCrop(int height, int width, int seed = 0, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentException($"RandomCrop '{Name}' needs a positive height and width; got {height} x {width}.");
        }

        Height = height;
        Width = width;
        _random = new RandomGenerator(seed);
    }

    public int Height { get; }

    public int Width { get; }

    public override bool ActsOnlyInTraining => true;

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 3 && inputShape[0] > 0 && inputShape[1] > 0
            ? new Shape(Height, Width, inputShape[2])
            : throw ShapeError(inputShape, "images [height, width, channels]");

    // x: [batch, h, w, c] -> [batch, Height, Width, c]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        int rows = x.Shape[1] - Height, columns = x.Shape[2] - Width;
        if (training && rows > 0 && columns > 0)
        {
            return Resizing.Crop(x, _random.NextInt(0, rows + 1), _random.NextInt(0, columns + 1), Height, Width);
        }

        return Resizing.Resize(x, Height, Width, bilinear: true, cropToAspectRatio: true);
    }
}
