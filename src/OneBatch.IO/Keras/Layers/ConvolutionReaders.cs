using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's convolution layers: Conv2D.</summary>
internal static class ConvolutionReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Conv2D", Conv2D),
    ];

    private static Layer Conv2D(KerasConfig c)
    {
        c.RequireNull("lora_rank");
        c.Require("data_format", "channels_last");
        c.Require("dilation_rate", "[1,1]", "1");
        c.Require("groups", "1");
        int filters = c.Int("filters", 0);
        if (filters <= 0)
        {
            throw c.Invalid("filters", "a positive whole number");
        }

        var layer = new Conv2D(
            filters,
            c.Ints("kernel_size", 2) ?? throw c.Invalid("kernel_size", "a list of 2 whole numbers"),
            c.Ints("strides", 2) ?? [1, 1],
            c.Padding(),
            c.Activation(),
            c.Bool("use_bias", true),
            c.Initializer("kernel_initializer", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            name: c.Name);
        return c.Penalties(layer, "kernel", "bias");
    }
}
