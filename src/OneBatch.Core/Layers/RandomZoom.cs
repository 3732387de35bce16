namespace OneBatch.Layers;

/// <summary>
/// Zooms images in or out at random in training (<see cref="HeightFactor"/>: one number f for [-f, f], or a lower and
/// upper bound; <see cref="WidthFactor"/> likewise, or null to keep the aspect ratio), like
/// <c>keras.layers.RandomZoom</c>; the identity in inference.
/// </summary>
public sealed class RandomZoom : AugmentationLayer
{
    public RandomZoom(
        float[] heightFactor, float[]? widthFactor = null, string fillMode = "reflect", string interpolation = "bilinear", float fillValue = 0f, int? seed = null,
        int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name)
    {
        HeightFactor = CheckFactor(heightFactor, nameof(heightFactor));
        WidthFactor = widthFactor is null ? null : CheckFactor(widthFactor, nameof(widthFactor));
        FillMode = fillMode;
        Interpolation = interpolation;
        FillValue = fillValue;
    }

    public IReadOnlyList<float> HeightFactor { get; }

    public IReadOnlyList<float>? WidthFactor { get; }

    public string FillMode { get; }

    public string Interpolation { get; }

    public float FillValue { get; }
}
