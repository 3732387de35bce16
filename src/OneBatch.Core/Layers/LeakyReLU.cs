using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// x, or <see cref="NegativeSlope"/> * x below 0, like <c>keras.layers.LeakyReLU</c>. The layer's default slope is
/// 0.3 in Keras 2 (<c>alpha</c>) and Keras 3 (<c>negative_slope</c>) alike, unlike the function
/// <c>keras.activations.leaky_relu</c>'s 0.2.
/// </summary>
public sealed class LeakyReLU : Layer
{
    public LeakyReLU(float negativeSlope = 0.3f, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!(negativeSlope >= 0f) || !float.IsFinite(negativeSlope))
        {
            throw new ArgumentException($"LeakyReLU '{Name}' needs a finite negative_slope of at least 0; got {negativeSlope}.", nameof(negativeSlope));
        }

        NegativeSlope = negativeSlope;
        Function = ActivationFunction.LeakyReluWith(negativeSlope);
    }

    public float NegativeSlope { get; }

    public ActivationFunction Function { get; }

    public override ActivationFunction? OutputActivation => Function;

    public override bool SupportsMasking => true;

    protected internal override Tensor Call(Tensor x, bool training) => Function.Apply(x);
}
