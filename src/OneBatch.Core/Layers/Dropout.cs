using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Sets a random share <see cref="Rate"/> of the inputs to zero and scales the rest by 1 / (1 - rate), only when
/// <c>training</c> is true (<c>keras.layers.Dropout</c>); in inference it passes its input through.
/// Its masks are drawn from a generator seeded with <c>seed</c>.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly RandomGenerator _random;

    public Dropout(float rate, int seed = 0, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!(rate is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"Dropout rate must be in [0, 1); got {rate}.");
        }

        Rate = rate;
        _random = new RandomGenerator(seed);
    }

    public float Rate { get; }

    public override bool PreservesRange => true;

    public override bool SupportsMasking => true;

    public override bool ActsOnlyInTraining => Rate > 0f;

    protected internal override Tensor Call(Tensor x, bool training)
    {
        if (!training || Rate == 0f)
        {
            return x;
        }

        return Drop(x, Rate, _random);
    }

    /// <summary>x with a random share <paramref name="rate"/> of its values set to 0 and the rest scaled by 1 / (1 - rate).</summary>
    internal static Tensor Drop(Tensor x, float rate, RandomGenerator random)
    {
        // The mask is a constant (kept values scaled by 1 / (1 - rate)); the gradient flows through Multiply.
        var mask = GradientTape.NewOutput(x.Shape);
        var m = mask.Span;
        float keep = 1f / (1f - rate);
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = random.NextFloat() < rate ? 0f : keep;
        }

        return Ops.Multiply(x, mask);
    }
}
