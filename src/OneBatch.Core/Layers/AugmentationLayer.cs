using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A Keras data-augmentation layer (RandomFlip, RandomRotation, ...), which transforms images at random in training
/// and passes them through unchanged in inference. OneBatch keeps its settings and runs it as in inference: the
/// single-batch check trains on a fixed batch with such layers off, and says so. Its random transformation is not
/// implemented, so a call in training mode is refused rather than silently skipped.
/// </summary>
public abstract class AugmentationLayer : Layer
{
    private protected AugmentationLayer(int? seed, int[]? inputShape, string? name)
        : base(name, inputShape) => Seed = seed;

    /// <summary>The seed of its random transformations, as given (null for none).</summary>
    public int? Seed { get; }

    public override bool ActsOnlyInTraining => true;

    /// <summary>In inference the output is the input.</summary>
    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == 3 ? inputShape : throw ShapeError(inputShape, "images [height, width, channels]");

    // x: [batch, h, w, c] -> x
    protected internal override Tensor Call(Tensor x, bool training) =>
        training
            ? throw new NotSupportedException($"{ClassName} '{Name}' runs only as in inference in OneBatch (its random transformation is not implemented); call it with training: false.")
            : x;

    /// <summary>
    /// A factor as Keras takes it, one number or a (lower, upper) pair, checked to be finite; an error names the layer
    /// and <paramref name="what"/>.
    /// </summary>
    private protected float[] CheckFactor(float[] factor, string what)
    {
        ArgumentNullException.ThrowIfNull(factor, what);
        if (factor.Length is not (1 or 2) || factor.Any(f => !float.IsFinite(f)))
        {
            throw new ArgumentException($"{ClassName} '{Name}' needs a {what} of one finite number or a (lower, upper) pair; got [{string.Join(", ", factor)}].", what);
        }

        return (float[])factor.Clone();
    }
}
