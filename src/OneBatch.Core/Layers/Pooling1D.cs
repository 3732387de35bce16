using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The common part of <see cref="MaxPooling1D"/> and <see cref="AveragePooling1D"/>: a window of
/// <see cref="PoolSize"/> steps (2 by default) slid along sequences <c>[batch, steps, features]</c> with a stride (the
/// pool size by default) and "valid" or "same" padding.
/// </summary>
/// <remarks>
/// Masks: Keras 3's pooling layers do not support masking, so a mask on the input is dropped (Keras warns that it is
/// destroyed): padded steps are pooled like real ones, and nothing downstream sees a mask.
/// </remarks>
public abstract class Pooling1D : Layer
{
    private protected Pooling1D(int poolSize, int? strides, string padding, int[]? inputShape, string? name)
        : base(name, inputShape)
    {
        if (poolSize <= 0 || strides <= 0)
        {
            throw new ArgumentException(
                poolSize <= 0 ? $"{ClassName} needs a positive pool_size; got {poolSize}." : $"{ClassName} needs positive strides; got {strides}.");
        }

        PoolSize = poolSize;
        Strides = strides ?? poolSize;
        Padding = PaddingNames.Parse(padding, ClassName, allowCausal: false);
        Window = new Window1D(PoolSize, Strides, Padding);
    }

    public int PoolSize { get; }

    public int Strides { get; }

    public Padding Padding { get; }

    private protected Window1D Window { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 2)
        {
            throw ShapeError(inputShape, "sequences [steps, features] (rank 2 per sample)");
        }

        int steps = Window.OutputLength(inputShape[0]);
        if (steps <= 0)
        {
            throw ShapeError(inputShape, $"sequences of at least {PoolSize} steps for its {PoolSize}-step pool with {Padding.ToKerasName()} padding");
        }

        return new Shape(steps, inputShape[1]);
    }
}
