using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The dropout of self-normalizing networks (SELU), like <c>keras.layers.AlphaDropout</c>: in training a share
/// <see cref="Rate"/> of the inputs is set to SELU's negative saturation value -scale * alpha and the result is scaled
/// and shifted (a x + b) so that the mean and variance stay those of the input; the identity in inference, which is how
/// the single-batch check runs it.
/// </summary>
public sealed class AlphaDropout : Layer
{
    // SELU's negative saturation value: -scale * alpha.
    private const float AlphaPrime = -1.0507009873554804934193349852946f * 1.6732632423543772848170429916717f;

    private readonly RandomGenerator _random;

    public AlphaDropout(float rate, int seed = 0, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!(rate is >= 0f and < 1f))
        {
            throw new ArgumentException($"AlphaDropout '{Name}' needs a rate in [0, 1); got {rate}.", nameof(rate));
        }

        Rate = rate;
        _random = new RandomGenerator(seed);
    }

    public float Rate { get; }

    public override bool ActsOnlyInTraining => Rate > 0f;

    public override bool SupportsMasking => true;

    // kept in {0, 1}:  y = a (x kept + alpha' (1 - kept)) + b = (a kept) x + a alpha' (1 - kept) + b, with
    // a = ((1 - rate) (1 + rate alpha'^2))^-1/2 and b = -a alpha' rate (Keras's constants).
    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (!training || Rate == 0f)
        {
            return x;
        }

        float a = 1f / MathF.Sqrt((1f - Rate) * (1f + (Rate * AlphaPrime * AlphaPrime)));
        float b = -a * AlphaPrime * Rate;
        var scale = GradientTape.NewOutput(x.Shape);
        var shift = GradientTape.NewOutput(x.Shape);
        var s = scale.Span;
        var t = shift.Span;
        for (int i = 0; i < s.Length; i++)
        {
            bool kept = _random.NextFloat() >= Rate;
            s[i] = kept ? a : 0f;
            t[i] = kept ? b : (a * AlphaPrime) + b;
        }

        return Ops.Add(Ops.Multiply(x, scale), shift);
    }
}
