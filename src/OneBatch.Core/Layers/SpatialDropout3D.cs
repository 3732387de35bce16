namespace OneBatch.Layers;

/// <summary>
/// Drops whole channels of volumes [depth, height, width, channels] in training, like <c>keras.layers.SpatialDropout3D</c>
/// (<see cref="SpatialDropout"/>); the identity in inference.
/// </summary>
public sealed class SpatialDropout3D(float rate, int seed = 0, int[]? inputShape = null, string? name = null)
    : SpatialDropout(rate, seed, inputShape, name)
{
    private protected override int SampleRank => 4;

    private protected override string Expected => "volumes [depth, height, width, channels]";
}
