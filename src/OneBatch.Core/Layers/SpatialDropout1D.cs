namespace OneBatch.Layers;

/// <summary>
/// Drops whole channels of sequences [steps, channels] in training, like <c>keras.layers.SpatialDropout1D</c>
/// (<see cref="SpatialDropout"/>); the identity in inference.
/// </summary>
public sealed class SpatialDropout1D(float rate, int seed = 0, int[]? inputShape = null, string? name = null)
    : SpatialDropout(rate, seed, inputShape, name)
{
    private protected override int SampleRank => 2;

    private protected override string Expected => "sequences [steps, channels]";
}
