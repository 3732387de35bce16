using System.Text.Json;
using OneBatch.Activations;
using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras;

/// <summary>What a layer factory gets: the layer's config, its declared per-sample input shape (first layer only), and where to record initializers OneBatch lacks.</summary>
internal sealed record LayerSpec(KerasConfig Config, int[]? InputShape, List<string> UnsupportedInitializers);

/// <summary>Conv2D's settings, read and checked from its config.</summary>
internal sealed record Conv2DSettings(int Filters, int[] KernelSize, int[] Strides, string Padding, ActivationFunction Activation, bool UseBias, Initializer KernelInitializer, Initializer BiasInitializer);

/// <summary>MaxPooling2D's and AveragePooling2D's settings.</summary>
internal sealed record Pooling2DSettings(int[] PoolSize, int[] Strides, string Padding);

/// <summary>BatchNormalization's settings (weights in Keras order: gamma, beta, moving_mean, moving_variance).</summary>
internal sealed record BatchNormalizationSettings(
    int Axis, float Momentum, float Epsilon, bool Center, bool Scale,
    Initializer BetaInitializer, Initializer GammaInitializer, Initializer MovingMeanInitializer, Initializer MovingVarianceInitializer);

/// <summary>
/// The Keras layer classes OneBatch imports: one factory per class name, each reading and checking that class's
/// config and building the OneBatch layer. A setting the engine cannot honour (a regularizer, a dilation, a
/// channels_first layout, ...) is an error naming the layer and the setting, never silently dropped.
/// </summary>
internal static class KerasLayers
{
    public static IReadOnlyDictionary<string, Func<LayerSpec, Layer>> Factories { get; } = new Dictionary<string, Func<LayerSpec, Layer>>(StringComparer.Ordinal)
    {
        ["Dense"] = Dense,
        ["Dropout"] = Dropout,
        ["Activation"] = Activation,
        ["Reshape"] = Reshape,

        // Read and checked, not built yet: the engine gets these layers with the cnn branch; each line then becomes
        // `s => { var p = ParseConv2D(s); return new Conv2D(p.Filters, ..., s.InputShape, s.Config.Name); }`.
        ["Conv2D"] = s => { var p = ParseConv2D(s); return new Conv2D(p.Filters, p.KernelSize, p.Strides, p.Padding, p.Activation, p.UseBias, p.KernelInitializer, p.BiasInitializer, s.InputShape, s.Config.Name); },
        ["MaxPooling2D"] = s => { var p = ParsePooling2D(s); return new MaxPooling2D(p.PoolSize, p.Strides, p.Padding, s.InputShape, s.Config.Name); },
        ["AveragePooling2D"] = s => { var p = ParsePooling2D(s); return new AveragePooling2D(p.PoolSize, p.Strides, p.Padding, s.InputShape, s.Config.Name); },
        ["GlobalAveragePooling2D"] = s => new GlobalAveragePooling2D(CheckGlobalAveragePooling2D(s).InputShape, s.Config.Name),
        ["Flatten"] = s => new Flatten(CheckFlatten(s).InputShape, s.Config.Name),
        ["BatchNormalization"] = s => { var p = ParseBatchNormalization(s); return new BatchNormalization(p.Axis, p.Momentum, p.Epsilon, p.Center, p.Scale, p.BetaInitializer, p.GammaInitializer, p.MovingMeanInitializer, p.MovingVarianceInitializer, s.InputShape, s.Config.Name); },
    };

    /// <summary>Builds the layer for <paramref name="spec"/>, or fails naming the class when OneBatch has no such layer.</summary>
    public static Layer Create(LayerSpec spec)
    {
        var c = spec.Config;
        if (!Factories.TryGetValue(c.ClassName, out var factory))
        {
            throw c.Error($"is of class {c.ClassName}, which OneBatch does not support; supported: InputLayer, {string.Join(", ", Factories.Keys)}.");
        }

        Layer layer;
        try
        {
            layer = factory(spec);
        }
        catch (ArgumentException e)
        {
            throw c.Error($"cannot be built: {e.Message}");
        }

        if (!c.Bool("trainable", true))
        {
            layer.Trainable = false;
        }

        return layer;
    }

    private static Layer Dense(LayerSpec s)
    {
        var c = s.Config;
        c.RequireNull("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "lora_rank", "quantization_config");
        int units = c.Int("units", 0);
        if (units <= 0)
        {
            throw c.Invalid("units", "a positive whole number");
        }

        return new Dense(
            units,
            ParseActivation(c),
            c.Bool("use_bias", true),
            KerasInitializers.Parse(c, "kernel_initializer", new GlorotUniform(), s.UnsupportedInitializers),
            KerasInitializers.Parse(c, "bias_initializer", new Constant(0f), s.UnsupportedInitializers),
            s.InputShape,
            c.Name);
    }

    private static Layer Dropout(LayerSpec s)
    {
        var c = s.Config;
        c.RequireNull("noise_shape");
        return new Dropout(c.Float("rate", 0f), inputShape: s.InputShape, name: c.Name);
    }

    private static Layer Activation(LayerSpec s) =>
        new Activation(ParseActivation(s.Config), s.InputShape, s.Config.Name);

    private static Layer Reshape(LayerSpec s)
    {
        var c = s.Config;
        var target = c.Dims("target_shape") ?? throw c.Invalid("target_shape", "a list of sizes");
        return new Reshape(target.Select(d => d ?? -1).ToArray(), s.InputShape, c.Name);
    }

    internal static Conv2DSettings ParseConv2D(LayerSpec s)
    {
        var c = s.Config;
        c.RequireNull("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "lora_rank");
        c.Require("data_format", "channels_last");
        c.Require("dilation_rate", "[1,1]", "1");
        c.Require("groups", "1");
        int filters = c.Int("filters", 0);
        if (filters <= 0)
        {
            throw c.Invalid("filters", "a positive whole number");
        }

        return new Conv2DSettings(
            filters,
            c.Ints("kernel_size", 2) ?? throw c.Invalid("kernel_size", "a list of 2 whole numbers"),
            c.Ints("strides", 2) ?? [1, 1],
            Padding(c),
            ParseActivation(c),
            c.Bool("use_bias", true),
            KerasInitializers.Parse(c, "kernel_initializer", new GlorotUniform(), s.UnsupportedInitializers),
            KerasInitializers.Parse(c, "bias_initializer", new Constant(0f), s.UnsupportedInitializers));
    }

    internal static Pooling2DSettings ParsePooling2D(LayerSpec s)
    {
        var c = s.Config;
        c.Require("data_format", "channels_last");
        var pool = c.Ints("pool_size", 2) ?? [2, 2];
        return new Pooling2DSettings(pool, c.Ints("strides", 2) ?? pool, Padding(c));
    }

    internal static LayerSpec CheckGlobalAveragePooling2D(LayerSpec s)
    {
        s.Config.Require("data_format", "channels_last");
        s.Config.Require("keepdims", "false");
        return s;
    }

    internal static LayerSpec CheckFlatten(LayerSpec s)
    {
        s.Config.Require("data_format", "channels_last");
        return s;
    }

    internal static BatchNormalizationSettings ParseBatchNormalization(LayerSpec s)
    {
        var c = s.Config;
        c.RequireNull("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint", "virtual_batch_size", "adjustment");
        c.Require("renorm", "false");
        c.Require("synchronized", "false");
        int axis = -1;
        if (c.Get("axis") is { } a)
        {
            var items = KerasConfig.Items(a)?.ToArray();
            int? single = KerasConfig.AsInt(a) ?? (items is { Length: 1 } ? KerasConfig.AsInt(items[0]) : null);
            axis = single ?? throw c.Unsupported("axis", a.GetRawText());
        }

        return new BatchNormalizationSettings(
            axis,
            c.Float("momentum", 0.99f),
            c.Float("epsilon", 1e-3f),
            c.Bool("center", true),
            c.Bool("scale", true),
            KerasInitializers.Parse(c, "beta_initializer", new Constant(0f), s.UnsupportedInitializers),
            KerasInitializers.Parse(c, "gamma_initializer", new Constant(1f), s.UnsupportedInitializers),
            KerasInitializers.Parse(c, "moving_mean_initializer", new Constant(0f), s.UnsupportedInitializers),
            KerasInitializers.Parse(c, "moving_variance_initializer", new Constant(1f), s.UnsupportedInitializers));
    }

    private static string Padding(KerasConfig c)
    {
        string padding = (c.String("padding", "valid") ?? "valid").ToLowerInvariant();
        return padding is "valid" or "same" ? padding : throw c.Unsupported("padding", padding);
    }

    private static ActivationFunction ParseActivation(KerasConfig c)
    {
        if (c.Get("activation") is not { } v)
        {
            return ActivationFunction.Linear;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw c.Unsupported("activation", v.GetRawText());
        }

        string name = v.GetString()!;
        try
        {
            return ActivationFunction.Get(name);
        }
        catch (ArgumentException)
        {
            throw c.Unsupported("activation", $"'{name}'");
        }
    }
}
