using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Adds zero-mean normal noise of standard deviation <see cref="Stddev"/> in training, like
/// <c>keras.layers.GaussianNoise</c>; the identity in inference, which is how the single-batch check runs it.
/// </summary>
public sealed class GaussianNoise : Layer
{
    private readonly RandomGenerator _random;

    public GaussianNoise(float stddev, int seed = 0, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!(stddev >= 0f) || !float.IsFinite(stddev))
        {
            throw new ArgumentException($"GaussianNoise '{Name}' needs a finite stddev of at least 0; got {stddev}.", nameof(stddev));
        }

        Stddev = stddev;
        _random = new RandomGenerator(seed);
    }

    public float Stddev { get; }

    public override bool ActsOnlyInTraining => Stddev > 0f;

    public override bool PreservesRange => true;

    public override bool SupportsMasking => true;

    // x -> x + noise, the noise a constant drawn for this call.
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (!training || Stddev == 0f)
        {
            return x;
        }

        var noise = GradientTape.NewOutput(x.Shape);
        foreach (ref float v in noise.Span)
        {
            v = Stddev * _random.NextNormal();
        }

        return Ops.Add(x, noise);
    }
}
