using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The common part of <see cref="GlobalAveragePooling1D"/> and <see cref="GlobalMaxPooling1D"/>: one value per feature
/// from all the steps, <c>[batch, steps, features] -> [batch, features]</c> (<c>[batch, 1, features]</c> with
/// <see cref="KeepDims"/>).
/// </summary>
public abstract class GlobalPooling1D : Layer
{
    private protected GlobalPooling1D(bool keepDims, int[]? inputShape, string? name)
        : base(name, inputShape) => KeepDims = keepDims;

    /// <summary>Keep the steps axis, with length 1 (Keras's <c>keepdims</c>).</summary>
    public bool KeepDims { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 2 || inputShape[0] == 0)
        {
            throw ShapeError(inputShape, "non-empty sequences [steps, features] (rank 2 per sample)");
        }

        return KeepDims ? new Shape(1, inputShape[1]) : new Shape(inputShape[1]);
    }
}
