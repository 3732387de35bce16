using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Flattens each sample to one axis, like <c>keras.layers.Flatten</c>: <c>[batch, ...] -> [batch, product]</c> (a view,
/// no copy). With channels-first data (Keras's <c>data_format="channels_first"</c>) Keras first moves the channels
/// last, so the values come out in channels-last order: <c>[batch, C, H, W]</c> is flattened as <c>[batch, H, W, C]</c>
/// (a copy), and a Dense after it keeps the kernel it had under channels-last.
/// </summary>
public sealed class Flatten : Layer
{
    public Flatten(string? dataFormat = null, int[]? inputShape = null, string? name = null)
        : base(name, inputShape) => DataFormat = DataFormats.Parse(dataFormat, "Flatten");

    /// <summary>Where each sample's channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public override bool PreservesRange => true;

    public override bool OnlyRearranges => true;

    public override Shape ComputeOutputShape(Shape inputShape) => new(inputShape.Size);

    // x: [batch, ...] -> [batch, product of the rest] (channels first: [batch, C, ...] -> [batch, ..., C] first)
    protected internal override Tensor Call(Tensor x, bool training)
    {
        x = DataFormat.ToChannelsLast(x);
        return x.Rank == 2 ? x : Ops.Reshape(x, new Shape(x.Shape[0], x.Size / Math.Max(1, x.Shape[0])));
    }
}
