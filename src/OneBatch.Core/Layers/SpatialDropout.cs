using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The spatial dropouts (<see cref="SpatialDropout1D"/>, <see cref="SpatialDropout2D"/>, <see cref="SpatialDropout3D"/>):
/// in training, whole channels (the last axis) of each sample are set to zero with probability <see cref="Rate"/> and
/// the rest scaled by 1 / (1 - rate), as <c>keras.layers.SpatialDropout2D</c> does (channels last); in inference the
/// input passes through. The single-batch check runs them as in inference and says so.
/// </summary>
public abstract class SpatialDropout : Layer
{
    private readonly RandomGenerator _random;

    private protected SpatialDropout(float rate, int seed, int[]? inputShape, string? name)
        : base(name, inputShape)
    {
        if (!(rate is >= 0f and < 1f))
        {
            throw new ArgumentException($"{ClassName} '{Name}' needs a rate in [0, 1); got {rate}.", nameof(rate));
        }

        Rate = rate;
        _random = new RandomGenerator(seed);
    }

    public float Rate { get; }

    /// <summary>The rank of one sample: 2 for sequences, 3 for images, 4 for volumes.</summary>
    private protected abstract int SampleRank { get; }

    private protected abstract string Expected { get; }

    public override bool ActsOnlyInTraining => Rate > 0f;

    public override bool PreservesRange => true;

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape) =>
        inputShape.Rank == SampleRank ? inputShape : throw ShapeError(inputShape, Expected);

    // x: [batch, ..., channels] -> x * mask, the mask [batch, 1, ..., 1, channels] holding 0 or 1 / (1 - rate).
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (!training || Rate == 0f)
        {
            return x;
        }

        Span<int> dims = stackalloc int[x.Rank];
        dims.Fill(1);
        dims[0] = x.Shape[0];
        dims[^1] = x.Shape.Last;
        var mask = GradientTape.NewOutput(new Shape(dims));
        float keep = 1f / (1f - Rate);
        foreach (ref float m in mask.Span)
        {
            m = _random.NextFloat() < Rate ? 0f : keep;
        }

        return Ops.Multiply(x, mask);
    }
}
