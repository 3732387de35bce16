using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The rectified linear unit with Keras's settings, like <c>keras.layers.ReLU</c>: x above
/// <see cref="Threshold"/>, else 0, limited to <see cref="MaxValue"/> when one is given, with
/// <see cref="NegativeSlope"/> * (x - threshold) below the threshold. <c>ReLU(maxValue: 6)</c> is relu6.
/// </summary>
public sealed class ReLU : Layer
{
    public ReLU(float? maxValue = null, float negativeSlope = 0f, float threshold = 0f, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (maxValue is { } max && !(max >= 0f))
        {
            throw new ArgumentException($"ReLU '{Name}' needs a max_value of at least 0 (or none); got {max}.", nameof(maxValue));
        }

        if (!(negativeSlope >= 0f) || !float.IsFinite(negativeSlope))
        {
            throw new ArgumentException($"ReLU '{Name}' needs a finite negative_slope of at least 0; got {negativeSlope}.", nameof(negativeSlope));
        }

        if (!(threshold >= 0f) || !float.IsFinite(threshold))
        {
            throw new ArgumentException($"ReLU '{Name}' needs a finite threshold of at least 0; got {threshold}.", nameof(threshold));
        }

        MaxValue = maxValue;
        NegativeSlope = negativeSlope;
        Threshold = threshold;
        Function = ActivationFunction.ReluWith(negativeSlope, maxValue, threshold);
    }

    public float? MaxValue { get; }

    public float NegativeSlope { get; }

    public float Threshold { get; }

    /// <summary>The function the layer applies, with its profile: it dies when the negative slope is 0.</summary>
    public ActivationFunction Function { get; }

    public override ActivationFunction? OutputActivation => Function;

    public override bool SupportsMasking => true;

    protected internal override Tensor Call(Tensor x, bool training) => Function.Apply(x);
}
