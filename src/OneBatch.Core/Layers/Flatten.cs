using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>Flattens each sample to one axis, like <c>keras.layers.Flatten</c>: <c>[batch, ...] -> [batch, product]</c> (a view, no copy).</summary>
public sealed class Flatten(int[]? inputShape = null, string? name = null) : Layer(name, inputShape)
{
    public override bool PreservesRange => true;

    public override bool OnlyRearranges => true;

    public override Shape ComputeOutputShape(Shape inputShape) => new(inputShape.Size);

    // x: [batch, ...] -> [batch, product of the rest]
    protected internal override Tensor Call(Tensor x, bool training) =>
        x.Rank == 2 ? x : Ops.Reshape(x, new Shape(x.Shape[0], x.Size / Math.Max(1, x.Shape[0])));
}
