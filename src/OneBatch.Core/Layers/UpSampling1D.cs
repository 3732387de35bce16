using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Repeats each step <see cref="Size"/> times (2 by default), like <c>keras.layers.UpSampling1D</c>:
/// <c>[batch, steps, features] -> [batch, steps * size, features]</c>.
/// </summary>
/// <remarks>
/// Masks: Keras 3's UpSampling1D does not support masking, so a mask on the input is dropped (Keras warns that it is
/// destroyed).
/// </remarks>
public sealed class UpSampling1D : Layer
{
    public UpSampling1D(int size = 2, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (size <= 0)
        {
            throw new ArgumentException($"UpSampling1D needs a positive size; got {size}.");
        }

        Size = size;
    }

    /// <summary>How many times each step is repeated.</summary>
    public int Size { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 2 ? new Shape(inputShape[0] * Size, inputShape[1]) : throw ShapeError(inputShape, "sequences [steps, features] (rank 2 per sample)");

    // x: [batch, steps, features] -> [batch, steps * size, features]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Repeat(x, Size, 1);
}
