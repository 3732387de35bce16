using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Enlarges images by whole factors, like <c>keras.layers.UpSampling2D</c>: <c>[batch, H, W, C] -> [batch, H * size_h,
/// W * size_w, C]</c>, 2x2 by default. "nearest" repeats each row and column; "bilinear" resizes as Keras 3's
/// <c>ops.image.resize</c> does (half-pixel centres: output pixel o reads input position <c>(o + 0.5) / size - 0.5</c>,
/// clamped at the borders, the blend of the two pixels around it).
/// <code>new UpSampling2D(2)   new UpSampling2D((2, 3), interpolation: "bilinear")</code>
/// </summary>
/// <remarks>Masks: Keras 3's UpSampling2D does not support masking, so a mask on the input is dropped.</remarks>
public sealed class UpSampling2D : Layer
{
    /// <summary>The same factor for height and width.</summary>
    public UpSampling2D(int size = 2, string interpolation = "nearest", string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : this((size, size), interpolation, dataFormat, inputShape, name)
    {
    }

    public UpSampling2D((int Height, int Width) size, string interpolation = "nearest", string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (size.Height <= 0 || size.Width <= 0)
        {
            throw new ArgumentException($"UpSampling2D needs positive sizes; got ({size.Height}, {size.Width}).");
        }

        Interpolation = interpolation?.ToLowerInvariant() switch
        {
            "nearest" => "nearest",
            "bilinear" => "bilinear",
            _ => throw new ArgumentException(
                $"UpSampling2D's interpolation must be \"nearest\" or \"bilinear\" (Keras's bicubic, lanczos3, lanczos5 and area are not supported); got \"{interpolation}\"."),
        };
        Size = size;
        DataFormat = DataFormats.Parse(dataFormat, "UpSampling2D");
    }

    /// <summary>The factors for height and width.</summary>
    public (int Height, int Width) Size { get; }

    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var last = DataFormat.ToChannelsLast(inputShape);
        if (inputShape.Rank != 3 || last[0] == 0 || last[1] == 0)
        {
            throw ShapeError(inputShape, "non-empty images (rank 3 per sample)");
        }

        return DataFormat.FromChannelsLast(new Shape(last[0] * Size.Height, last[1] * Size.Width, last[2]));
    }

    // x: [batch, H, W, C] -> [batch, H * size_h, W * size_w, C]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (Interpolation == "nearest")
        {
            // Repeating along the rows and columns where they sit needs no move of the channels.
            int rows = DataFormat == DataFormat.ChannelsFirst ? 2 : 1;
            return Ops.Repeat(Ops.Repeat(x, Size.Height, rows), Size.Width, rows + 1);
        }

        var last = DataFormat.ToChannelsLast(x);
        return DataFormat.FromChannelsLast(Ops.ResizeBilinear(last, last.Shape[1] * Size.Height, last.Shape[2] * Size.Width));
    }
}
