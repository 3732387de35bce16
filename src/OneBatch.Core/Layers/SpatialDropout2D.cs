namespace OneBatch.Layers;

/// <summary>
/// Drops whole channels of images [height, width, channels] in training, like <c>keras.layers.SpatialDropout2D</c>
/// (<see cref="SpatialDropout"/>); the identity in inference.
/// </summary>
public sealed class SpatialDropout2D(float rate, int seed = 0, int[]? inputShape = null, string? name = null)
    : SpatialDropout(rate, seed, inputShape, name)
{
    private protected override int SampleRank => 3;

    private protected override string Expected => "images [height, width, channels]";
}
