using System.Text.Json;
using OneBatch.Constraints;
using OneBatch.Layers;
using OneBatch.Regularizers;

namespace OneBatch.IO.Keras;

/// <summary>
/// Weight and activity regularizers and weight constraints from a Keras model JSON, in every version's form: a
/// string (<c>"l2"</c>, <c>"max_norm"</c>), Keras 2's and TF.js's <c>{"class_name": "L1L2", "config": {...}}</c>, Keras
/// 3's same object with <c>module</c>, and Keras 1's flat <c>{"name": "WeightRegularizer", "l1": .., "l2": ..}</c>
/// (also <c>L1L2Regularizer</c>, <c>ActivityRegularizer</c>) and <c>{"name": "MaxNorm", "m": 2, "axis": 0}</c>.
/// A layer's reader names the weights it has; the keys of each weight come from one table here.
/// </summary>
internal static class KerasPenalties
{
    // A weight's name in OneBatch to the prefixes of its keys: Keras 2 and 3 write kernel_regularizer,
    // recurrent_regularizer, embeddings_regularizer...; Keras 1 wrote W_, U_ and b_ for the same weights.
    private static readonly Dictionary<string, string[]> Prefixes = new(StringComparer.Ordinal)
    {
        ["kernel"] = ["kernel", "W"],
        ["bias"] = ["bias", "b"],
        ["recurrent_kernel"] = ["recurrent", "U"],
        ["embeddings"] = ["embeddings", "W"],
        ["gamma"] = ["gamma"],
        ["beta"] = ["beta"],
        ["depthwise_kernel"] = ["depthwise"],
        ["pointwise_kernel"] = ["pointwise"],
    };

    /// <summary>
    /// Sets on <paramref name="layer"/> the regularizer and constraint <paramref name="c"/> gives each of
    /// <paramref name="weights"/> (OneBatch's weight names: <c>kernel</c>, <c>bias</c>, <c>recurrent_kernel</c>, ...).
    /// </summary>
    public static void ReadWeights(KerasConfig c, Layer layer, IEnumerable<string> weights)
    {
        foreach (string weight in weights)
        {
            ReadWeight(c, layer, weight, Prefixes.TryGetValue(weight, out var p) ? p : [weight]);
        }
    }

    /// <summary>
    /// Sets on <paramref name="layer"/>'s weight <paramref name="weight"/> the regularizer and constraint under the keys
    /// that start with <paramref name="prefixes"/> (a DepthwiseConv2D's <c>kernel</c> from <c>depthwise_regularizer</c>).
    /// </summary>
    public static void ReadWeight(KerasConfig c, Layer layer, string weight, params string[] prefixes)
    {
        foreach (string prefix in prefixes)
        {
            if (Regularizer(c, $"{prefix}_regularizer") is { } regularizer)
            {
                layer.WeightRegularizers[weight] = regularizer;
            }

            if (Constraint(c, $"{prefix}_constraint") is { } constraint)
            {
                layer.WeightConstraints[weight] = constraint;
            }
        }
    }

    /// <summary>The regularizer under <paramref name="key"/>, or null when absent or a penalty of 0 (which adds nothing).</summary>
    public static Regularizer? Regularizer(KerasConfig c, string key)
    {
        if (c.Get(key) is not { } v)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return OneBatch.Regularizers.Regularizer.Registry.TryGet(v.GetString(), out var make) ? make() : throw c.Unsupported(key, $"'{v.GetString()}'");
        }

        var (className, config) = Described(c, key, v, "a regularizer");
        float? l1 = Number(c, key, config, "l1"), l2 = Number(c, key, config, "l2");
        Regularizer regularizer;
        try
        {
            regularizer = Key(className) switch
            {
                "l1" => new L1(l1 ?? 0.01f),
                "l2" => new L2(l2 ?? 0.01f),

                // Keras 2 and 3's L1L2 defaults both to 0; so did Keras 1's WeightRegularizer, L1L2Regularizer and ActivityRegularizer.
                "l1l2" or "weightregularizer" or "l1l2regularizer" or "activityregularizer" => new L1L2(l1 ?? 0f, l2 ?? 0f),
                _ => throw c.Error($"sets {key} to the regularizer {className}, which OneBatch does not have; it has L1, L2 and L1L2."),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw c.Error($"sets {key} to a regularizer OneBatch cannot use: {e.Sentence()}");
        }

        return regularizer is L1L2 { L1Factor: 0f, L2Factor: 0f } ? null : regularizer;
    }

    /// <summary>The constraint under <paramref name="key"/>, or null when absent.</summary>
    public static Constraint? Constraint(KerasConfig c, string key)
    {
        if (c.Get(key) is not { } v)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return OneBatch.Constraints.Constraint.Registry.TryGet(v.GetString(), out var make) ? make() : throw c.Unsupported(key, $"'{v.GetString()}'");
        }

        var (className, config) = Described(c, key, v, "a constraint");
        try
        {
            // Keras 1 named MaxNorm's bound m, and MinMaxNorm's low and high; later versions max_value and min_value.
            return Key(className) switch
            {
                "maxnorm" => new MaxNorm(Number(c, key, config, "max_value") ?? Number(c, key, config, "m") ?? 2f, Axes(c, key, config)),
                "nonneg" => new NonNeg(),
                "unitnorm" => new UnitNorm(Axes(c, key, config)),
                "minmaxnorm" => new MinMaxNorm(
                    Number(c, key, config, "min_value") ?? Number(c, key, config, "low") ?? 0f,
                    Number(c, key, config, "max_value") ?? Number(c, key, config, "high") ?? 1f,
                    Number(c, key, config, "rate") ?? 1f,
                    Axes(c, key, config)),
                _ => throw c.Error($"sets {key} to the constraint {className}, which OneBatch does not have; it has MaxNorm, NonNeg, UnitNorm and MinMaxNorm."),
            };
        }
        catch (ArgumentException e)
        {
            throw c.Error($"sets {key} to a constraint OneBatch cannot use: {e.Sentence()}");
        }
    }

    // The class and settings of an object: {"class_name", "config"} (Keras 2 and 3, TF.js), or Keras 1's flat {"name", ...}.
    private static (string ClassName, JsonElement Config) Described(KerasConfig c, string key, JsonElement v, string what)
    {
        if (v.ValueKind == JsonValueKind.Object)
        {
            if ((v.TryGetProperty("class_name", out var cn) || v.TryGetProperty("className", out cn)) && cn.ValueKind == JsonValueKind.String)
            {
                // Keras 3 records where a class comes from: one registered outside Keras is the user's own code.
                if (v.TryGetProperty("module", out var module) && module.ValueKind == JsonValueKind.String && !KerasConfig.IsKerasModule(module.GetString()!))
                {
                    throw c.Error($"sets {key} to {cn.GetString()} from the module {module.GetString()}, a custom class whose Python code OneBatch cannot run.");
                }

                return (cn.GetString()!, v.TryGetProperty("config", out var config) ? config : default);
            }

            if (v.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                return (name.GetString()!, v);
            }
        }

        throw c.Invalid(key, what);
    }

    private static float? Number(KerasConfig c, string key, JsonElement config, string name)
    {
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d)
            ? (float)d
            : throw c.Invalid(key, $"a setting whose {name} is a number");
    }

    // axis: a whole number, a list of them, or null (Keras's None: one norm over the whole weight); 0 when absent.
    private static int[]? Axes(KerasConfig c, string key, JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty("axis", out var v))
        {
            return [0];
        }

        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (KerasConfig.AsInt(v) is int single)
        {
            return [single];
        }

        var items = KerasConfig.Items(v)?.Select(KerasConfig.AsInt).ToArray();
        return items is { Length: > 0 } && items.All(i => i is not null)
            ? items.Select(i => i!.Value).ToArray()
            : throw c.Invalid(key, "a setting whose axis is a whole number or a list of them");
    }

    private static string Key(string className) => className.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
