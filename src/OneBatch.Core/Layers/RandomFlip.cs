namespace OneBatch.Layers;

/// <summary>
/// Flips images at random in training (<see cref="Mode"/>: <c>horizontal</c>, <c>vertical</c> or
/// <c>horizontal_and_vertical</c>), like <c>keras.layers.RandomFlip</c>; the identity in inference.
/// </summary>
public sealed class RandomFlip : AugmentationLayer
{
    public RandomFlip(string mode = "horizontal_and_vertical", int? seed = null, int[]? inputShape = null, string? name = null)
        : base(seed, inputShape, name)
    {
        Mode = mode is "horizontal" or "vertical" or "horizontal_and_vertical"
            ? mode
            : throw new ArgumentException($"RandomFlip '{Name}' flips horizontal, vertical or horizontal_and_vertical; got '{mode}'.", nameof(mode));
    }

    public string Mode { get; }
}
