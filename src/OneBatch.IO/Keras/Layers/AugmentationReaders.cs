using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's data-augmentation layers: RandomFlip, RandomRotation, RandomZoom, RandomTranslation,
/// RandomContrast, RandomBrightness, RandomCrop, RandomHeight, RandomWidth. Their settings are kept; they act only in
/// training, so the single-batch check runs them as in inference and says so. Factors are one number or a (lower,
/// upper) pair, as Keras takes them.
/// </summary>
internal static class AugmentationReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("RandomFlip", c => new RandomFlip(Checked(c).String("mode", "horizontal_and_vertical")!, Seed(c), name: c.Name)),
        ("RandomRotation", c => new RandomRotation(
            Factor(Checked(c), "factor"), FillMode(c), Interpolation(c), c.Float("fill_value", 0f), Seed(c), name: c.Name)),
        ("RandomZoom", c => new RandomZoom(
            Factor(Checked(c), "height_factor"), c.Floats("width_factor"), FillMode(c), Interpolation(c), c.Float("fill_value", 0f), Seed(c), name: c.Name)),
        ("RandomTranslation", c => new RandomTranslation(
            Factor(Checked(c), "height_factor"), Factor(c, "width_factor"), FillMode(c), Interpolation(c), c.Float("fill_value", 0f), Seed(c), name: c.Name)),
        ("RandomContrast", c => new RandomContrast(Factor(Checked(c), "factor"), Seed(c), name: c.Name)),
        ("RandomBrightness", c => new RandomBrightness(Factor(Checked(c), "factor"), c.Floats("value_range"), Seed(c), name: c.Name)),
        ("RandomCrop", RandomCrop),
        ("RandomHeight", c => new RandomHeight(Factor(Checked(c), "factor"), Interpolation(c), Seed(c), name: c.Name)),
        ("RandomWidth", c => new RandomWidth(Factor(Checked(c), "factor"), Interpolation(c), Seed(c), name: c.Name)),
    ];

    private static Layer RandomCrop(KerasConfig c)
    {
        var (height, width) = PreprocessingReaders.Size(Checked(c));
        return new RandomCrop(height, width, Seed(c) ?? 0, name: c.Name);
    }

    private static KerasConfig Checked(KerasConfig c)
    {
        PreprocessingReaders.RequireChannelsLast(c);
        return c;
    }

    private static float[] Factor(KerasConfig c, string key) => c.Floats(key) ?? throw c.Invalid(key, "a number or a (lower, upper) pair");

    private static int? Seed(KerasConfig c) => c.Has("seed") ? c.Int("seed", 0) : null;

    private static string FillMode(KerasConfig c) => c.String("fill_mode", "reflect")!;

    private static string Interpolation(KerasConfig c) => c.String("interpolation", "bilinear")!;
}
