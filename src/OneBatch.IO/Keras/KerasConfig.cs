using System.Globalization;
using System.Text;
using System.Text.Json;
using OneBatch.Activations;
using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras;

/// <summary>
/// One layer's <c>config</c> object from a Keras model JSON, with typed getters that accept both spellings of a key
/// (Keras's <c>snake_case</c> and TensorFlow.js's <c>camelCase</c>) and errors that name the file, the layer and the key.
/// </summary>
internal sealed class KerasConfig
{
    private readonly JsonElement _config;
    private readonly string? _model;
    private readonly int _index;

    /// <param name="model">Names the nested model the layer belongs to, for messages (null at the top).</param>
    /// <param name="unsupportedInitializers">Where initializers OneBatch lacks are recorded (they matter only without given weights).</param>
    /// <param name="keras3">The file is Keras 3's: <c>hard_sigmoid</c> means relu6(x + 3) / 6 there, clip(0.2 x + 0.5, 0, 1) elsewhere.</param>
    public KerasConfig(
        JsonElement config, string className, int index, string source, string? name = null, string? model = null, List<string>? unsupportedInitializers = null,
        bool keras3 = false)
    {
        _config = config;
        ClassName = className;
        Source = source;
        Name = name ?? String("name", null);
        string where = model is null ? string.Empty : $" of model '{model}'";
        Label = Name is null ? $"layer {index + 1} ({className}){where}" : $"layer {index + 1} '{Name}' ({className}){where}";
        UnsupportedInitializers = unsupportedInitializers ?? [];
        Keras3 = keras3;
        _model = model;
        _index = index;
    }

    private KerasConfig(
        JsonElement config, string className, int index, string source, string? name, string? model, List<string> unsupportedInitializers, bool keras3, string label)
        : this(config, className, index, source, name, model, unsupportedInitializers, keras3) => Label = label;

    /// <summary>
    /// Whether the Keras version that wrote the file divides an activity regularizer's penalty by the batch size
    /// (see <see cref="Layer.ActivityPenaltyPerSample"/>).
    /// </summary>
    public bool ActivityPenaltyPerSample { get; init; } = true;

    /// <summary>The Python module Keras 3 records for the layer's class (<c>keras.layers</c>), or null.</summary>
    public string? Module { get; init; }

    /// <summary>The class comes from a module outside Keras: the user's own code, even under a Keras class's name.</summary>
    public bool IsCustom => Module is { } m && !IsKerasModule(m);

    /// <summary>A module of Keras itself (<c>keras.layers</c>, <c>keras.regularizers</c>, tf_keras's), not of a package built on it.</summary>
    public static bool IsKerasModule(string module) =>
        module is "keras" or "tf_keras" || module.StartsWith("keras.", StringComparison.Ordinal) || module.StartsWith("tf_keras.", StringComparison.Ordinal)
        || module.StartsWith("tensorflow.", StringComparison.Ordinal);

    /// <summary>The file is Keras 3's (whose defaults and <c>hard_sigmoid</c> differ from earlier versions').</summary>
    public bool Keras3 { get; }

    /// <summary>
    /// The config of a layer nested in this one's under <paramref name="key"/> (<c>{"class_name": ..., "config": {...}}</c>,
    /// as a Bidirectional holds its layer), labelled as part of this layer; null when the key is absent.
    /// </summary>
    public KerasConfig? Nested(string key)
    {
        if (Get(key) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object
            || !(v.TryGetProperty("class_name", out var cn) || v.TryGetProperty("className", out cn)) || cn.ValueKind != JsonValueKind.String)
        {
            throw Invalid(key, "a layer ({\"class_name\": ..., \"config\": {...}})");
        }

        var config = v.TryGetProperty("config", out var c) ? c : default;
        string? name = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        string inner = name is null ? $"{Label}, its {key} ({cn.GetString()})" : $"{Label}, its {key} '{name}' ({cn.GetString()})";
        return new KerasConfig(config, cn.GetString()!, _index, Source, name, _model, UnsupportedInitializers, Keras3, inner)
        {
            ActivityPenaltyPerSample = ActivityPenaltyPerSample,
            Module = v.TryGetProperty("module", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
        };
    }

    /// <summary>The raw config object.</summary>
    public JsonElement Element => _config;

    /// <summary>Initializers OneBatch lacks, recorded while reading (fine when initial weights are given).</summary>
    public List<string> UnsupportedInitializers { get; }

    public string ClassName { get; }

    public string Source { get; }

    public string? Name { get; }

    /// <summary>Names the layer in messages: <c>layer 2 'dense_1' (Dense)</c>.</summary>
    public string Label { get; }

    /// <summary>The value under a key in either spelling; null when absent or JSON null.</summary>
    public JsonElement? Get(string key)
    {
        if (_config.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if ((_config.TryGetProperty(key, out var v) || _config.TryGetProperty(CamelCase(key), out v)) && v.ValueKind != JsonValueKind.Null)
        {
            return v;
        }

        return null;
    }

    public bool Has(string key) => Get(key) is not null;

    public string? String(string key, string? fallback)
    {
        if (Get(key) is not { } v)
        {
            return fallback;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Invalid(key, "a string");
    }

    public bool Bool(string key, bool fallback)
    {
        if (Get(key) is not { } v)
        {
            return fallback;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(key, "true or false"),
        };
    }

    public float Float(string key, float fallback)
    {
        if (Get(key) is not { } v)
        {
            return fallback;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? (float)d : throw Invalid(key, "a number");
    }

    public int Int(string key, int fallback)
    {
        if (Get(key) is not { } v)
        {
            return fallback;
        }

        return AsInt(v) ?? throw Invalid(key, "a whole number");
    }

    /// <summary>An int tuple: a list, a single int (repeated <paramref name="length"/> times) or Keras 2's <c>{"class_name": "__tuple__", "items": [...]}</c>.</summary>
    public int[]? Ints(string key, int length)
    {
        if (Get(key) is not { } v)
        {
            return null;
        }

        if (AsInt(v) is int single)
        {
            return Enumerable.Repeat(single, length).ToArray();
        }

        var items = Items(v) ?? throw Invalid(key, $"a list of {length} whole numbers");
        var result = items.Select(AsInt).ToArray();
        if (result.Length != length || result.Any(r => r is null))
        {
            throw Invalid(key, $"a list of {length} whole numbers");
        }

        return result.Select(r => r!.Value).ToArray();
    }

    /// <summary>Whole numbers given as one (<c>16</c>) or as a list or tuple of any length (<c>[4, 4]</c>); null when absent.</summary>
    public int[]? IntList(string key)
    {
        if (Get(key) is not { } v)
        {
            return null;
        }

        if (AsInt(v) is int single)
        {
            return [single];
        }

        var items = (Items(v) ?? throw Invalid(key, "a whole number or a list of them")).Select(AsInt).ToArray();
        return items.All(i => i is not null) ? items.Select(i => i!.Value).ToArray() : throw Invalid(key, "a whole number or a list of them");
    }

    /// <summary>A shape with possibly unknown (null) entries, such as <c>batch_input_shape: [null, 5]</c>.</summary>
    public int?[]? Dims(string key)
    {
        if (Get(key) is not { } v)
        {
            return null;
        }

        var items = Items(v) ?? throw Invalid(key, "a list of sizes");
        return items.Select(i => i.ValueKind == JsonValueKind.Null ? (int?)null : AsInt(i) ?? throw Invalid(key, "a list of sizes")).ToArray();
    }

    /// <summary>
    /// A declared input shape (<c>batch_shape</c>, <c>input_shape</c>, ...): <see cref="Dims"/> whose every size is
    /// null (unknown) or positive; a size of 0 or less is an error naming the layer and the shape.
    /// </summary>
    public int?[]? ShapeDims(string key)
    {
        var dims = Dims(key);
        if (dims is not null && dims.FirstOrDefault(d => d is <= 0) is int bad)
        {
            string shape = "[" + string.Join(", ", dims.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "null")) + "]";
            string layer = Name is null ? $"the {ClassName} layer" : $"layer '{Name}' ({ClassName})";
            throw new InputException($"{Source}: {layer} declares {key} {shape}, whose size {bad} is not positive; each size must be at least 1, or null for one not known.");
        }

        return dims;
    }

    /// <summary>Fails unless the key is absent, null, or one of <paramref name="allowed"/> (compared as JSON text).</summary>
    public void Require(string key, params string[] allowed)
    {
        if (Get(key) is not { } v)
        {
            return;
        }

        string text = v.ValueKind == JsonValueKind.String ? v.GetString()! : JsonText.OneLine(v, int.MaxValue);
        string compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (!allowed.Contains(compact, StringComparer.OrdinalIgnoreCase))
        {
            throw Unsupported(key, text);
        }
    }

    /// <summary>Fails unless each key is absent or null (regularizers, constraints, ...).</summary>
    public void RequireNull(params string[] keys)
    {
        foreach (string key in keys)
        {
            if (Get(key) is { } v)
            {
                throw Unsupported(key, JsonText.OneLine(v));
            }
        }
    }

    /// <summary>The activation under <c>activation</c> (linear when absent).</summary>
    public ActivationFunction Activation(string key = "activation")
    {
        if (Get(key) is not { } v)
        {
            return ActivationFunction.Linear;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw Unsupported(key, JsonText.OneLine(v));
        }

        string name = v.GetString()!;
        if (!Keras3 && name.Replace("_", string.Empty, StringComparison.Ordinal).Equals("hardsigmoid", StringComparison.OrdinalIgnoreCase))
        {
            return ActivationFunction.HardSigmoidKeras2;
        }

        try
        {
            return ActivationFunction.Get(name);
        }
        catch (ArgumentException)
        {
            throw Unsupported(key, $"'{name}'");
        }
    }

    /// <summary>A convolution's or pooling's padding: <c>valid</c> or <c>same</c>.</summary>
    public string Padding()
    {
        string padding = (String("padding", "valid") ?? "valid").ToLowerInvariant();
        return padding is "valid" or "same" ? padding : throw Unsupported("padding", padding);
    }

    /// <summary>
    /// A 1-D convolution's or pooling's padding under <paramref name="key"/> (<c>padding</c>, or Keras 1's
    /// <c>border_mode</c>): <c>valid</c>, <c>same</c>, and <c>causal</c> where <paramref name="allowCausal"/>.
    /// </summary>
    public string Padding(string key, bool allowCausal)
    {
        string padding = (String(key, "valid") ?? "valid").ToLowerInvariant();
        return padding is "valid" or "same" || (allowCausal && padding == "causal") ? padding : throw Unsupported(key, padding);
    }

    /// <summary>
    /// Where an image layer's channels sit: <c>channels_last</c> or <c>channels_first</c>, from <c>data_format</c>
    /// (Keras 2, 3 and TF.js) or Keras 1's <c>dim_ordering</c> (<c>tf</c> is channels-last, <c>th</c> channels-first;
    /// <c>default</c>, which Keras 1 resolves before saving, is taken as its default <c>tf</c>).
    /// </summary>
    public string DataFormat()
    {
        if (String("dim_ordering", null) is { } ordering)
        {
            return ordering.ToLowerInvariant() switch
            {
                "tf" or "default" => "channels_last",
                "th" => "channels_first",
                _ => throw Unsupported("dim_ordering", ordering),
            };
        }

        string format = (String("data_format", "channels_last") ?? "channels_last").ToLowerInvariant();
        return format is "channels_last" or "channels_first" ? format : throw Unsupported("data_format", format);
    }

    /// <summary>The initializer under <paramref name="key"/>, or <paramref name="fallback"/>; one OneBatch lacks is recorded and replaced by the fallback.</summary>
    public Initializer Initializer(string key, Initializer fallback) =>
        KerasInitializers.Parse(this, key, fallback, UnsupportedInitializers);

    /// <summary>
    /// Sets on <paramref name="layer"/> the regularizer and constraint this config gives each of its
    /// <paramref name="weights"/> (OneBatch's names: <c>kernel</c>, <c>bias</c>, <c>recurrent_kernel</c>, <c>gamma</c>, ...,
    /// read from <c>kernel_regularizer</c>, Keras 1's <c>W_regularizer</c>, ...) and its <c>activity_regularizer</c>.
    /// </summary>
    public T Penalties<T>(T layer, params string[] weights)
        where T : Layer => ActivityPenalty(WeightPenalties(layer, weights));

    /// <summary>The weights' part of <see cref="Penalties"/> (a recurrent cell's config holds them, the RNN's its activity regularizer).</summary>
    public T WeightPenalties<T>(T layer, params string[] weights)
        where T : Layer
    {
        KerasPenalties.ReadWeights(this, layer, weights);
        return layer;
    }

    /// <summary>The <c>activity_regularizer</c> part of <see cref="Penalties"/>.</summary>
    public T ActivityPenalty<T>(T layer)
        where T : Layer
    {
        if (KerasPenalties.Regularizer(this, "activity_regularizer") is { } regularizer)
        {
            layer.ActivityRegularizer = regularizer;
            layer.ActivityPenaltyPerSample = ActivityPenaltyPerSample;
        }

        return layer;
    }

    public InputException Unsupported(string key, string value) =>
        new($"{Source}: {Label} sets {key} = {Shorten(value)}, which OneBatch does not support.");

    public InputException Invalid(string key, string expected) =>
        new($"{Source}: {Label} has a {key} that is not {expected}.");

    public InputException Error(string message) => new($"{Source}: {Label} {message}");

    internal static IEnumerable<JsonElement>? Items(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Array)
        {
            return v.EnumerateArray().ToArray();
        }

        if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            return items.EnumerateArray().ToArray();
        }

        return null;
    }

    internal static int? AsInt(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetInt32(out int i))
        {
            return i;
        }

        return v.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? (int)d : null;
    }

    internal static string CamelCase(string snake)
    {
        var sb = new StringBuilder(snake.Length);
        bool upper = false;
        foreach (char c in snake)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return sb.ToString();
    }

    // One line, at most 60 characters: a value pretty-printed over several lines must not break the one-line message.
    private static string Shorten(string value) => JsonText.OneLine(value);
}
