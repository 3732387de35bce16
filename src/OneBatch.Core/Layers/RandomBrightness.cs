namespace OneBatch.Layers;

/// <summary>
/// Shifts each image's brightness at random in training by up to <see cref="Factor"/> of <see cref="ValueRange"/>
/// (one number f for [-f, f], or a lower and upper bound), like <c>keras.layers.RandomBrightness</c>; the identity
/// in inference.
/// </summary>
public sealed class RandomBrightness : AugmentationLayer
{
    public RandomBrightness(float[] factor, float[]? valueRange = null, int? seed = null, int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name)
    {
        Factor = CheckFactor(factor, nameof(factor));
        ValueRange = valueRange is null ? [0f, 255f] : (float[])valueRange.Clone();
        if (ValueRange.Count != 2 || !(ValueRange[0] < ValueRange[1]))
        {
            throw new ArgumentException($"RandomBrightness '{Name}' needs a value range [low, high] with low < high; got [{string.Join(", ", ValueRange)}].", nameof(valueRange));
        }
    }

    public IReadOnlyList<float> Factor { get; }

    /// <summary>The range of the pixel values, [0, 255] by default.</summary>
    public IReadOnlyList<float> ValueRange { get; }
}
