using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Repeats each sample's vector <see cref="N"/> times along a new time axis, like <c>keras.layers.RepeatVector</c>:
/// <c>[batch, features] -> [batch, n, features]</c> (the usual bridge from an encoder's state to a decoder's steps).
/// </summary>
public sealed class RepeatVector : Layer
{
    public RepeatVector(int n, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (n <= 0)
        {
            throw new ArgumentException($"RepeatVector '{Name}' needs a positive count n; got {n}.", nameof(n));
        }

        N = n;
    }

    /// <summary>How many times the vector is repeated.</summary>
    public int N { get; }

    public override bool PreservesRange => true;

    public override bool OnlyRearranges => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 1 ? new Shape(N, inputShape[0]) : throw ShapeError(inputShape, "vectors [features] (rank 1 per sample)");

    // x: [batch, features] -> [batch, 1, features] -> [batch, n, features]; Ops.Repeat sums the n copies' gradients back.
    protected internal override Tensor Call(Tensor x, bool training) =>
        Ops.Repeat(Ops.Reshape(x, new Shape(x.Shape[0], 1, x.Shape[1])), N, 1);
}
