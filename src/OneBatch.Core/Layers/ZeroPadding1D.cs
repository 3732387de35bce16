using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Adds steps of zeros at the start and end of sequences, like <c>keras.layers.ZeroPadding1D</c>:
/// <c>[batch, steps, features] -> [batch, left + steps + right, features]</c>; 1 on each side by default.
/// <code>new ZeroPadding1D(2)   new ZeroPadding1D((1, 3))</code>
/// </summary>
/// <remarks>
/// Masks: Keras 3's ZeroPadding1D does not support masking, so a mask on the input is dropped (Keras warns that it is
/// destroyed).
/// </remarks>
public sealed class ZeroPadding1D : Layer
{
    /// <summary>The same number of zero steps on each side.</summary>
    public ZeroPadding1D(int padding = 1, int[]? inputShape = null, string? name = null)
        : this((padding, padding), inputShape, name)
    {
    }

    /// <summary>Zero steps before (left) and after (right) each sequence.</summary>
    public ZeroPadding1D((int Left, int Right) padding, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (padding.Left < 0 || padding.Right < 0)
        {
            throw new ArgumentException($"ZeroPadding1D needs padding of 0 or more steps on each side; got ({padding.Left}, {padding.Right}).");
        }

        Padding = padding;
    }

    /// <summary>Zero steps before and after each sequence.</summary>
    public (int Left, int Right) Padding { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 2
            ? new Shape(Padding.Left + inputShape[0] + Padding.Right, inputShape[1])
            : throw ShapeError(inputShape, "sequences [steps, features] (rank 2 per sample)");

    // x: [batch, steps, features] -> [batch, left + steps + right, features]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Pad(x, 1, Padding.Left, Padding.Right);
}
