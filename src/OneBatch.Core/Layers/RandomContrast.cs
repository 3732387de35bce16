namespace OneBatch.Layers;

/// <summary>
/// Scales each image's contrast at random in training by a factor in [1 - lower, 1 + upper] (<see cref="Factor"/>:
/// one number for both, or the pair), like <c>keras.layers.RandomContrast</c>; the identity in inference.
/// </summary>
public sealed class RandomContrast : AugmentationLayer
{
    public RandomContrast(float[] factor, int? seed = null, int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name) => Factor = CheckFactor(factor, nameof(factor));

    public IReadOnlyList<float> Factor { get; }
}
