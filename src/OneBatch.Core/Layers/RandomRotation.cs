namespace OneBatch.Layers;

/// <summary>
/// Rotates images at random in training by up to <see cref="Factor"/> of a full turn (one number f for [-f, f], or a
/// lower and upper bound), like <c>keras.layers.RandomRotation</c>; the identity in inference.
/// </summary>
public sealed class RandomRotation : AugmentationLayer
{
    public RandomRotation(float[] factor, string fillMode = "reflect", string interpolation = "bilinear", float fillValue = 0f, int? seed = null, int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name)
    {
        Factor = CheckFactor(factor, nameof(factor));
        FillMode = fillMode;
        Interpolation = interpolation;
        FillValue = fillValue;
    }

    public IReadOnlyList<float> Factor { get; }

    public string FillMode { get; }

    public string Interpolation { get; }

    public float FillValue { get; }
}
