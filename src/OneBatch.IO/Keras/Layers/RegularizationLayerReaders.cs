using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's regularization layers besides Dropout (a core layer): GaussianNoise (Keras 1's <c>sigma</c>),
/// GaussianDropout and the SpatialDropouts (Keras 1's <c>p</c>), AlphaDropout, which act only in training and which
/// the single-batch check runs as in inference; and ActivityRegularization (<c>l1</c>, <c>l2</c>).
/// </summary>
internal static class RegularizationLayerReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("GaussianNoise", c => new GaussianNoise(c.Float("stddev", c.Float("sigma", 0f)), Seed(c), name: c.Name)),
        ("GaussianDropout", c => new GaussianDropout(Rate(c), Seed(c), name: c.Name)),
        ("AlphaDropout", AlphaDropout),
        ("SpatialDropout1D", c => new SpatialDropout1D(Rate(c), Seed(c), name: c.Name)),
        ("SpatialDropout2D", c => new SpatialDropout2D(Rate(ChannelsLast(c)), Seed(c), name: c.Name)),
        ("SpatialDropout3D", c => new SpatialDropout3D(Rate(ChannelsLast(c)), Seed(c), name: c.Name)),
        ("ActivityRegularization", c => new ActivityRegularization(c.Float("l1", 0f), c.Float("l2", 0f), name: c.Name) { ActivityPenaltyPerSample = c.ActivityPenaltyPerSample }),
    ];

    private static Layer AlphaDropout(KerasConfig c)
    {
        c.RequireNull("noise_shape");
        return new AlphaDropout(Rate(c), Seed(c), name: c.Name);
    }

    // Keras 1 writes p for the rate.
    private static float Rate(KerasConfig c) => c.Float("rate", c.Float("p", 0f));

    private static int Seed(KerasConfig c) => c.Int("seed", 0);

    // Keras 2 and 3 write data_format, Keras 1 dim_ordering ("tf" is channels-last, "th" channels-first).
    private static KerasConfig ChannelsLast(KerasConfig c)
    {
        c.Require("data_format", "channels_last");
        c.Require("dim_ordering", "tf");
        return c;
    }
}
