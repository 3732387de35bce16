using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The common part of <see cref="GlobalAveragePooling2D"/> and <see cref="GlobalMaxPooling2D"/>: one value per channel
/// from the whole image, <c>[batch, H, W, C] -> [batch, C]</c> (<c>[batch, 1, 1, C]</c> with <see cref="KeepDims"/>;
/// channels first: <c>[batch, C, H, W] -> [batch, C]</c> or <c>[batch, C, 1, 1]</c>).
/// </summary>
public abstract class GlobalPooling2D : Layer
{
    private protected GlobalPooling2D(bool keepDims, string? dataFormat, int[]? inputShape, string? name)
        : base(name, inputShape)
    {
        KeepDims = keepDims;
        DataFormat = DataFormats.Parse(dataFormat, ClassName);
    }

    /// <summary>Keep the height and width axes, with length 1 (Keras's <c>keepdims</c>).</summary>
    public bool KeepDims { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var last = DataFormat.ToChannelsLast(inputShape);
        if (inputShape.Rank != 3 || last[0] == 0 || last[1] == 0)
        {
            throw ShapeError(inputShape, DataFormat == DataFormat.ChannelsFirst ? "non-empty images [channels, height, width] (rank 3 per sample)" : "non-empty images [height, width, channels] (rank 3 per sample)");
        }

        return KeepDims ? DataFormat.FromChannelsLast(new Shape(1, 1, last[2])) : new Shape(last[2]);
    }

    // x: [batch, H, W, C] -> [batch, C] (or [batch, 1, 1, C]); channels first as its channels-last transpose.
    protected internal sealed override Tensor Call(Tensor x, bool training)
    {
        var last = DataFormat.ToChannelsLast(x);
        var pooled = Pool(last);
        return KeepDims ? DataFormat.FromChannelsLast(Ops.Reshape(pooled, new Shape(x.Shape[0], 1, 1, last.Shape[3]))) : pooled;
    }

    /// <summary>The pooled channels <c>[batch, C]</c> of channels-last images x <c>[batch, H, W, C]</c>.</summary>
    private protected abstract Tensor Pool(Tensor x);
}
