using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Multiplies by normal noise of mean 1 and standard deviation sqrt(rate / (1 - rate)) in training, like
/// <c>keras.layers.GaussianDropout</c>; the identity in inference, which is how the single-batch check runs it.
/// </summary>
public sealed class GaussianDropout : Layer
{
    private readonly RandomGenerator _random;

    public GaussianDropout(float rate, int seed = 0, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!(rate is >= 0f and < 1f))
        {
            throw new ArgumentException($"GaussianDropout '{Name}' needs a rate in [0, 1); got {rate}.", nameof(rate));
        }

        Rate = rate;
        _random = new RandomGenerator(seed);
    }

    public float Rate { get; }

    public override bool ActsOnlyInTraining => Rate > 0f;

    public override bool PreservesRange => true;

    public override bool SupportsMasking => true;

    // x -> x * noise, the noise a constant drawn for this call.
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (!training || Rate == 0f)
        {
            return x;
        }

        float stddev = MathF.Sqrt(Rate / (1f - Rate));
        var noise = GradientTape.NewOutput(x.Shape);
        foreach (ref float v in noise.Span)
        {
            v = 1f + (stddev * _random.NextNormal());
        }

        return Ops.Multiply(x, noise);
    }
}
