using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Cuts steps off the start and end of sequences, like <c>keras.layers.Cropping1D</c>:
/// <c>[batch, steps, features] -> [batch, steps - left - right, features]</c>; 1 on each side by default. At least
/// one step must remain.
/// <code>new Cropping1D(2)   new Cropping1D((1, 3))</code>
/// </summary>
/// <remarks>
/// Masks: Keras 3's Cropping1D does not support masking, so a mask on the input is dropped (Keras warns that it is
/// destroyed).
/// </remarks>
public sealed class Cropping1D : Layer
{
    /// <summary>The same number of steps cut from each side.</summary>
    public Cropping1D(int cropping = 1, int[]? inputShape = null, string? name = null)
        : this((cropping, cropping), inputShape, name)
    {
    }

    /// <summary>Steps cut from the start (left) and end (right) of each sequence.</summary>
    public Cropping1D((int Left, int Right) cropping, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (cropping.Left < 0 || cropping.Right < 0)
        {
            throw new ArgumentException($"Cropping1D needs cropping of 0 or more steps on each side; got ({cropping.Left}, {cropping.Right}).");
        }

        Cropping = cropping;
    }

    /// <summary>Steps cut from the start and end of each sequence.</summary>
    public (int Left, int Right) Cropping { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 2)
        {
            throw ShapeError(inputShape, "sequences [steps, features] (rank 2 per sample)");
        }

        // Keras: the cropping must be smaller than the input length.
        if (Cropping.Left + Cropping.Right >= inputShape[0])
        {
            throw ShapeError(inputShape, $"sequences longer than the {Cropping.Left} + {Cropping.Right} steps it crops");
        }

        return new Shape(inputShape[0] - Cropping.Left - Cropping.Right, inputShape[1]);
    }

    // x: [batch, steps, features] -> x[:, left:steps - right, :]
    protected internal override Tensor Call(Tensor x, bool training) =>
        Ops.Slice(x, 1, Cropping.Left, x.Shape[1] - Cropping.Left - Cropping.Right);
}
