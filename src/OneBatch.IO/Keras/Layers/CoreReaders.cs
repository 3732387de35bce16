using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's core layers: Dense, Activation, Dropout, Reshape, Flatten.</summary>
internal static class CoreReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Dense", Dense),
        ("Activation", c => new Activation(c.Activation(), name: c.Name)),
        ("Dropout", Dropout),
        ("Reshape", Reshape),
        ("Flatten", Flatten),
        ("Embedding", Embedding),
        ("Masking", c => new Masking(c.Float("mask_value", 0f), name: c.Name)),
    ];

    // Keras 1 writes output_dim, init and bias where later versions write units, kernel_initializer and use_bias.
    private static Layer Dense(KerasConfig c)
    {
        c.RequireNull("lora_rank", "quantization_config");
        int units = c.Int("units", c.Int("output_dim", 0));
        if (units <= 0)
        {
            throw c.Invalid(c.Has("output_dim") && !c.Has("units") ? "output_dim" : "units", "a positive whole number");
        }

        var layer = new Dense(
            units,
            c.Activation(),
            c.Bool("use_bias", c.Bool("bias", true)),
            c.Has("kernel_initializer") ? c.Initializer("kernel_initializer", new GlorotUniform()) : c.Initializer("init", new GlorotUniform()),
            c.Initializer("bias_initializer", new Constant(0f)),
            name: c.Name);
        return c.Penalties(layer, "kernel", "bias");
    }

    private static Layer Dropout(KerasConfig c)
    {
        c.RequireNull("noise_shape");
        return new Dropout(c.Float("rate", 0f), name: c.Name);
    }

    private static Layer Reshape(KerasConfig c)
    {
        var target = c.Dims("target_shape") ?? throw c.Invalid("target_shape", "a list of sizes");
        return new Reshape(target.Select(d => d ?? -1).ToArray(), name: c.Name);
    }

    // Keras 1 writes init where later versions write embeddings_initializer.
    private static Layer Embedding(KerasConfig c)
    {
        c.RequireNull("lora_rank", "quantization_config");
        c.Require("sparse", "false");
        int inputDim = c.Int("input_dim", 0), outputDim = c.Int("output_dim", 0);
        if (inputDim <= 0 || outputDim <= 0)
        {
            throw c.Invalid(inputDim <= 0 ? "input_dim" : "output_dim", "a positive whole number");
        }

        var fallback = new RandomUniform(-0.05f, 0.05f);
        var initializer = c.Has("embeddings_initializer") ? c.Initializer("embeddings_initializer", fallback) : c.Initializer("init", fallback);
        return c.Penalties(new Embedding(inputDim, outputDim, initializer, c.Bool("mask_zero", false), name: c.Name), "embeddings");
    }

    private static Layer Flatten(KerasConfig c)
    {
        return new Flatten(c.DataFormat(), name: c.Name);
    }
}
