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
        c.RequireNull("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "lora_rank");
        c.Require("groups", "1");
        int filters = c.Int("filters", 0);
        if (filters <= 0)
        {
            throw c.Invalid("filters", "a positive whole number");
        }

        return new Conv2D(
            filters,
            c.Ints("kernel_size", 2) ?? throw c.Invalid("kernel_size", "a list of 2 whole numbers"),
            c.Ints("strides", 2) ?? [1, 1],
            c.Padding(),
            c.Ints("dilation_rate", 2) ?? [1, 1],
            c.Activation(),
            c.Bool("use_bias", true),
            c.Initializer("kernel_initializer", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            c.DataFormat(),
            name: c.Name);
    }
}
