namespace OneBatch.Layers;

/// <summary>
/// Shifts images at random in training by up to <see cref="HeightFactor"/> of their height and
/// <see cref="WidthFactor"/> of their width (each one number f for [-f, f], or a lower and upper bound), like
/// <c>keras.layers.RandomTranslation</c>; the identity in inference.
/// </summary>
public sealed class RandomTranslation : AugmentationLayer
{
    public RandomTranslation(
        float[] heightFactor, float[] widthFactor, string fillMode = "reflect", string interpolation = "bilinear", float fillValue = 0f, int? seed = null,
        int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name)
    {
        HeightFactor = CheckFactor(heightFactor, nameof(heightFactor));
        WidthFactor = CheckFactor(widthFactor, nameof(widthFactor));
        FillMode = fillMode;
        Interpolation = interpolation;
        FillValue = fillValue;
    }

    public IReadOnlyList<float> HeightFactor { get; }

    public IReadOnlyList<float> WidthFactor { get; }

    public string FillMode { get; }

    public string Interpolation { get; }

    public float FillValue { get; }
}
