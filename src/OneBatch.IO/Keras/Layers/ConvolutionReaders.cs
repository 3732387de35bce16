using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's 2-D convolutions: Conv2D (and Keras 1's Convolution2D and AtrousConvolution2D),
/// Conv2DTranspose (Convolution2DTranspose, and Keras 1's Deconvolution2D), DepthwiseConv2D and SeparableConv2D
/// (SeparableConvolution2D). Keras 1 writes nb_filter, nb_row and nb_col, border_mode, subsample, atrous_rate,
/// dim_ordering ("th" or "tf"), init, bias and W_/b_regularizer where later versions write filters, kernel_size,
/// padding, strides, dilation_rate, data_format, kernel_initializer, use_bias and kernel_/bias_regularizer; TF.js
/// writes the later keys in camelCase. Regularizers and constraints are read; groups and LoRA are refused naming the key.
/// </summary>
internal static class ConvolutionReaders
{
    private static readonly string[] s_refused = ["lora_rank"];

    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Conv2D", Conv2D),
        ("Convolution2D", Conv2D),
        ("AtrousConvolution2D", Conv2D),
        ("Conv2DTranspose", Conv2DTranspose),
        ("Convolution2DTranspose", Conv2DTranspose),
        ("Deconvolution2D", Conv2DTranspose),
        ("DepthwiseConv2D", DepthwiseConv2D),
        ("SeparableConv2D", SeparableConv2D),
        ("SeparableConvolution2D", SeparableConv2D),
    ];

    private static Layer Conv2D(KerasConfig c)
    {
        c.RequireNull(s_refused);
        c.Require("groups", "1");
        var s = Settings(c);
        var layer = new Conv2D(
            s.Filters, s.KernelSize, s.Strides, s.Padding, s.Dilation, c.Activation(), s.UseBias, s.KernelInitializer, c.Initializer("bias_initializer", new Constant(0f)),
            s.DataFormat, name: c.Name)
        {
            KernelLayout = s.Keras1 && s.DataFormat == "channels_first" ? KernelLayout.Keras1ChannelsFirstConvolution : null,
        };
        return c.Penalties(layer, "kernel", "bias");
    }

    // Keras 1's Deconvolution2D gives its output_shape ([batch, H, W, F], or [batch, F, H, W] under "th") instead of an
    // output_padding, and stores its kernel [KH, KW, C, F] ("tf") or [F, C, KH, KW] ("th").
    private static Layer Conv2DTranspose(KerasConfig c)
    {
        c.RequireNull(s_refused);
        c.Require("groups", "1");
        var s = Settings(c);
        int[]? outputSize = null;
        if (s.Keras1)
        {
            var shape = c.Dims("output_shape") ?? throw c.Invalid("output_shape", "a list of 4 sizes (Keras 1's Deconvolution2D needs it)");
            if (shape.Length != 4 || shape[1] is null || shape[2] is null || shape[3] is null)
            {
                throw c.Invalid("output_shape", "a list of 4 sizes with known height, width and filters");
            }

            outputSize = s.DataFormat == "channels_first" ? [shape[2]!.Value, shape[3]!.Value] : [shape[1]!.Value, shape[2]!.Value];
        }

        var layer = new Conv2DTranspose(
            s.Filters, s.KernelSize, s.Strides, s.Padding, c.Ints("output_padding", 2), s.Dilation, c.Activation(), s.UseBias, s.KernelInitializer,
            c.Initializer("bias_initializer", new Constant(0f)), s.DataFormat, name: c.Name)
        {
            KernelLayout = !s.Keras1 ? null : s.DataFormat == "channels_first" ? KernelLayout.Keras1ChannelsFirstDeconvolution : KernelLayout.Keras1Deconvolution,
            FixedOutputSize = outputSize,
        };
        return c.Penalties(layer, "kernel", "bias");
    }

    private static Layer DepthwiseConv2D(KerasConfig c)
    {
        c.RequireNull(s_refused);
        var kernelSize = c.Ints("kernel_size", 2) ?? throw c.Invalid("kernel_size", "a list of 2 whole numbers");
        var layer = new DepthwiseConv2D(
            kernelSize,
            c.Ints("strides", 2) ?? [1, 1],
            c.Padding("padding", allowCausal: false),
            DepthMultiplier(c),
            c.Ints("dilation_rate", 2) ?? [1, 1],
            c.Activation(),
            c.Bool("use_bias", true),
            c.Initializer("depthwise_initializer", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            c.DataFormat(),
            name: c.Name);

        // Keras names the kernel of a DepthwiseConv2D "kernel" but its settings depthwise_regularizer, ...
        KerasPenalties.ReadWeight(c, layer, "kernel", "depthwise");
        return c.Penalties(layer, "bias");
    }

    // Keras 1's SeparableConvolution2D takes one init for both kernels; its "th" kernels are laid out otherwise, and refused.
    private static Layer SeparableConv2D(KerasConfig c)
    {
        c.RequireNull(s_refused);
        var s = Settings(c);
        if (s.Keras1 && s.DataFormat == "channels_first")
        {
            throw c.Unsupported("dim_ordering", "th");
        }

        var init = s.Keras1 ? s.KernelInitializer : null;
        var layer = new SeparableConv2D(
            s.Filters, s.KernelSize, s.Strides, s.Padding, DepthMultiplier(c), s.Dilation, c.Activation(), s.UseBias,
            init ?? c.Initializer("depthwise_initializer", new GlorotUniform()),
            init ?? c.Initializer("pointwise_initializer", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            s.DataFormat,
            name: c.Name);
        return c.Penalties(layer, "depthwise_kernel", "pointwise_kernel", "bias");
    }

    private static int DepthMultiplier(KerasConfig c)
    {
        int multiplier = c.Int("depth_multiplier", 1);
        return multiplier > 0 ? multiplier : throw c.Invalid("depth_multiplier", "a positive whole number");
    }

    /// <summary>The settings every convolution shares, from Keras 1's keys or the later ones.</summary>
    private static ConvolutionSettings Settings(KerasConfig c)
    {
        bool keras1 = c.Has("nb_filter");
        string filtersKey = keras1 ? "nb_filter" : "filters";
        int filters = c.Int(filtersKey, 0);
        if (filters <= 0)
        {
            throw c.Invalid(filtersKey, "a positive whole number");
        }

        if (keras1)
        {
            return new ConvolutionSettings(
                true,
                filters,
                [c.Int("nb_row", 0), c.Int("nb_col", 0)],
                c.Ints("subsample", 2) ?? [1, 1],
                c.Padding("border_mode", allowCausal: false),
                c.Ints("atrous_rate", 2) ?? [1, 1],
                c.DataFormat(),
                c.Bool("bias", true),
                c.Initializer("init", new GlorotUniform()));
        }

        return new ConvolutionSettings(
            false,
            filters,
            c.Ints("kernel_size", 2) ?? throw c.Invalid("kernel_size", "a list of 2 whole numbers"),
            c.Ints("strides", 2) ?? [1, 1],
            c.Padding("padding", allowCausal: false),
            c.Ints("dilation_rate", 2) ?? [1, 1],
            c.DataFormat(),
            c.Bool("use_bias", true),
            c.Initializer("kernel_initializer", new GlorotUniform()));
    }

    private sealed record ConvolutionSettings(
        bool Keras1, int Filters, int[] KernelSize, int[] Strides, string Padding, int[] Dilation, string DataFormat, bool UseBias, Initializer KernelInitializer);
}
