namespace OneBatch.Layers;

/// <summary>
/// tf.keras 2's <c>RandomWidth</c>: stretches images to a random width in training (by up to <see cref="Factor"/>:
/// one number f for [-f, f], or a lower and upper bound); the identity in inference. Keras 3 has no such layer.
/// </summary>
public sealed class RandomWidth : AugmentationLayer
{
    public RandomWidth(float[] factor, string interpolation = "bilinear", int? seed = null, int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name)
    {
        Factor = CheckFactor(factor, nameof(factor));
        Interpolation = interpolation;
    }

    public IReadOnlyList<float> Factor { get; }

    public string Interpolation { get; }
}
