using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's 1-D convolution: Conv1D, and Convolution1D (Keras 2's alias, and Keras 1's class with its own keys).</summary>
internal static class Convolution1DReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Conv1D", Conv1D),
        ("Convolution1D", Conv1D),
    ];

    // Keras 1 writes nb_filter, filter_length, subsample_length, border_mode, init and bias where later versions write
    // filters, kernel_size, strides, padding, kernel_initializer and use_bias.
    private static Layer Conv1D(KerasConfig c)
    {
        c.RequireNull("lora_rank");
        c.Require("data_format", "channels_last");
        c.Require("groups", "1");
        bool keras1 = c.Has("nb_filter");
        string filtersKey = keras1 ? "nb_filter" : "filters";
        int filters = c.Int(filtersKey, 0);
        if (filters <= 0)
        {
            throw c.Invalid(filtersKey, "a positive whole number");
        }

        int kernelSize = keras1
            ? c.Int("filter_length", 0)
            : (c.Ints("kernel_size", 1) ?? throw c.Invalid("kernel_size", "a list of 1 whole number"))[0];
        var layer = new Conv1D(
            filters,
            kernelSize,
            keras1 ? c.Int("subsample_length", 1) : (c.Ints("strides", 1) ?? [1])[0],
            keras1 ? c.Padding("border_mode", allowCausal: false) : c.Padding("padding", allowCausal: true),
            (c.Ints("dilation_rate", 1) ?? [1])[0],
            c.Activation(),
            c.Bool("use_bias", c.Bool("bias", true)),
            c.Has("kernel_initializer") ? c.Initializer("kernel_initializer", new GlorotUniform()) : c.Initializer("init", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            name: c.Name);
        return c.Penalties(layer, "kernel", "bias");
    }
}
