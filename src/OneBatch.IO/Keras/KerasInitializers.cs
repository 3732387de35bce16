using System.Text.Json;
using OneBatch.Initializers;

namespace OneBatch.IO.Keras;

/// <summary>
/// Keras initializers from a model JSON: a name (<c>"glorot_uniform"</c>) or an object
/// (<c>{"class_name": "GlorotUniform", "config": {...}}</c>, or TF.js's and old Keras's <c>VarianceScaling</c> form).
/// One that OneBatch does not have is not an error at once: it only matters when no initial weights are given, so it
/// is recorded and the caller decides.
/// </summary>
internal static class KerasInitializers
{
    /// <summary>The initializer under <paramref name="key"/>, or <paramref name="fallback"/>; unknown ones are added to <paramref name="unsupported"/>.</summary>
    public static Initializer Parse(KerasConfig layer, string key, Initializer fallback, List<string> unsupported)
    {
        if (layer.Get(key) is not { } v)
        {
            return fallback;
        }

        string? className;
        JsonElement config = default;
        if (v.ValueKind == JsonValueKind.String)
        {
            className = v.GetString();
        }
        else if (v.ValueKind == JsonValueKind.Object && (v.TryGetProperty("class_name", out var cn) || v.TryGetProperty("className", out cn)) && cn.ValueKind == JsonValueKind.String)
        {
            className = cn.GetString();
            v.TryGetProperty("config", out config);
        }
        else
        {
            throw layer.Invalid(key, "an initializer");
        }

        var initializer = FromName(className ?? string.Empty, config);
        if (initializer is null)
        {
            unsupported.Add($"{layer.Label} uses the {key} '{className}'");
            return fallback;
        }

        return initializer;
    }

    private static Initializer? FromName(string className, JsonElement config)
    {
        string name = className.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        switch (name)
        {
            case "randomuniform":
                return new RandomUniform(Number(config, "minval", -0.05f), Number(config, "maxval", 0.05f));
            case "randomnormal":
                return new RandomNormal(Number(config, "mean", 0f), Number(config, "stddev", 0.05f));
            case "constant":
                return new Constant(Number(config, "value", 0f));
            case "variancescaling":
                return VarianceScaling(config);
            case "orthogonal" or "orthogonalinitializer":
                return new Orthogonal(Number(config, "gain", 1f));
            default:
                try
                {
                    return Initializer.Get(name);
                }
                catch (ArgumentException)
                {
                    return null;
                }
        }
    }

    // The glorot/he/lecun family as written out in full: scale, mode, distribution.
    private static Initializer? VarianceScaling(JsonElement config)
    {
        float scale = Number(config, "scale", 1f);
        string mode = Text(config, "mode", "fan_in").Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        string distribution = Text(config, "distribution", "truncated_normal").Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        bool uniform = distribution == "uniform";
        if (!uniform && distribution is not ("normal" or "truncatednormal"))
        {
            return null;
        }

        return (scale, mode, uniform) switch
        {
            (1f, "fanavg", true) => new GlorotUniform(),
            (1f, "fanavg", false) => new GlorotNormal(),
            (2f, "fanin", true) => new HeUniform(),
            (2f, "fanin", false) => new HeNormal(),
            (1f, "fanin", true) => new LecunUniform(),
            (1f, "fanin", false) => new LecunNormal(),
            _ => null,
        };
    }

    private static float Number(JsonElement config, string key, float fallback) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : fallback;

    private static string Text(JsonElement config, string key, string fallback) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;
}
