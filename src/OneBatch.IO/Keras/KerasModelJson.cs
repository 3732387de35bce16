using System.Text.Json;
using OneBatch.Layers;
using OneBatch.Models;

namespace OneBatch.IO.Keras;

/// <summary>A Sequential model read from a Keras model JSON, with what the file says about training.</summary>
/// <param name="Format">Where the JSON came from: <c>Keras 3</c>, <c>tf.keras 2</c> or <c>TensorFlow.js</c>.</param>
/// <param name="Loss">The loss named in the file's training or compile config, if any.</param>
/// <param name="FromLogits">True when that loss is configured with <c>from_logits</c>.</param>
/// <param name="UnsupportedInitializers">Initializers the engine lacks (placeholders were used): fine when initial weights are given.</param>
public sealed record ImportedModel(Sequential Model, string Format, string? Loss, bool FromLogits, IReadOnlyList<string> UnsupportedInitializers);

/// <summary>
/// Imports a Sequential model from the JSON that <c>model.to_json()</c> writes (tf.keras 2.x and Keras 3) or that
/// TensorFlow.js writes (<c>model.toJSON()</c>, or a <c>model.json</c> with a <c>modelTopology</c>). Layers:
/// InputLayer, Dense, Dropout, Activation, Reshape, and (checked, built once the engine has them) Conv2D,
/// MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, BatchNormalization.
/// </summary>
public static class KerasModelJson
{
    public static ImportedModel Load(string path, int seed = 0)
    {
        byte[] bytes = Data.InputFile.ReadAllBytes(path);
        return Parse(bytes, seed, $"'{path}'");
    }

    /// <summary>Imports from JSON text; <paramref name="source"/> names it in error messages.</summary>
    public static ImportedModel Parse(ReadOnlyMemory<byte> json, int seed, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InputException($"{source} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", e);
        }

        using (document)
        {
            try
            {
                return Import(document.RootElement, seed, source);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
            {
                // A value of the wrong JSON kind where the format expects another (a number for a name, ...).
                throw new InputException($"{source} does not have the form of a Keras model: {e.Message}", e);
            }
        }
    }

    public static ImportedModel Parse(string json, int seed, string source) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json), seed, source);

    private static ImportedModel Import(JsonElement root, int seed, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw NotAModel(source);
        }

        string format = "tf.keras 2";
        var model = root;
        var trainingConfigs = new List<JsonElement>();
        AddIfObject(trainingConfigs, root, "training_config", "trainingConfig", "compile_config");
        if (Property(root, "modelTopology") is { ValueKind: JsonValueKind.Object } topology)
        {
            format = "TensorFlow.js";
            model = topology;
            AddIfObject(trainingConfigs, topology, "training_config", "trainingConfig");
        }

        if (Property(model, "model_config") is { ValueKind: JsonValueKind.Object } inner)
        {
            model = inner;
            AddIfObject(trainingConfigs, model, "compile_config");
        }

        string? className = Property(model, "class_name") is { ValueKind: JsonValueKind.String } cn ? cn.GetString() : null;
        if (className is null || Property(model, "config") is not { } config)
        {
            throw NotAModel(source);
        }

        if (className != "Sequential")
        {
            throw new InputException($"{source} holds a {className} model; only Sequential models can be imported.");
        }

        string? version = Property(model, "keras_version")?.ToString() ?? Property(root, "keras_version")?.ToString();
        string? backend = Property(model, "backend")?.ToString() ?? Property(root, "backend")?.ToString();
        if (format != "TensorFlow.js")
        {
            if (version?.StartsWith("tfjs", StringComparison.Ordinal) == true || backend == "tensor_flow.js")
            {
                format = "TensorFlow.js";
            }
            else if (version?.StartsWith('3') == true || Property(model, "module") is not null)
            {
                format = "Keras 3";
            }
        }

        var layers = config.ValueKind switch
        {
            JsonValueKind.Array => config,
            JsonValueKind.Object when Property(config, "layers") is { ValueKind: JsonValueKind.Array } l => l,
            _ => throw new InputException($"{source} is a Sequential model without a list of layers."),
        };

        var unsupported = new List<string>();
        var built = BuildLayers(layers, config, model, source, unsupported);
        Sequential sequential;
        try
        {
            sequential = new Sequential(built.Layers, seed, Property(config, "name")?.GetString());
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{source}: {e.Message}", e);
        }

        if (config.ValueKind == JsonValueKind.Object && Property(config, "trainable") is { ValueKind: JsonValueKind.False })
        {
            sequential.Trainable = false;
        }

        var (loss, fromLogits) = FindLoss(trainingConfigs, source);
        return new ImportedModel(sequential, format, loss, fromLogits, unsupported);
    }

    private static (List<Layer> Layers, int[]? InputShape) BuildLayers(JsonElement layers, JsonElement config, JsonElement model, string source, List<string> unsupported)
    {
        var result = new List<Layer>();
        int?[]? declared = null;
        string? inputName = null;
        int index = 0;
        foreach (var entry in layers.EnumerateArray())
        {
            string? className = Property(entry, "class_name") is { ValueKind: JsonValueKind.String } cn ? cn.GetString() : null;
            if (className is null)
            {
                throw new InputException($"{source}: layer {index + 1} has no class_name, so the file is not a Keras model.");
            }

            var layerConfig = new KerasConfig(Property(entry, "config") ?? default, className, index, source);
            if (result.Count == 0)
            {
                declared ??= layerConfig.Dims("batch_shape") ?? layerConfig.Dims("batch_input_shape");
                if (declared is null && layerConfig.Dims("shape") is { } shape)
                {
                    declared = [null, .. shape];
                }

                if (declared is null && Property(entry, "build_config") is { } bc)
                {
                    declared = new KerasConfig(bc, className, index, source).Dims("input_shape");
                }
            }

            if (className == "InputLayer")
            {
                if (result.Count > 0)
                {
                    throw layerConfig.Error("comes after other layers; an InputLayer can only be first.");
                }

                inputName = layerConfig.Name;
                index++;
                continue;
            }

            var inputShape = result.Count == 0 ? PerSample(declared ?? SequentialInputShape(config, model)) : null;
            result.Add(KerasLayers.Create(new LayerSpec(layerConfig, inputShape, unsupported)));
            index++;
        }

        if (result.Count == 0)
        {
            if (PerSample(declared) is { } only)
            {
                result.Add(new InputLayer(only, inputName));
            }
            else
            {
                throw new InputException($"{source} is a Sequential model with no layers.");
            }
        }

        return (result, PerSample(declared));
    }

    // Keras 3 records the built input shape on the Sequential itself.
    private static int?[]? SequentialInputShape(JsonElement config, JsonElement model)
    {
        foreach (var (holder, key) in new[] { (config, "build_input_shape"), (Property(model, "build_config") ?? default, "input_shape") })
        {
            if (holder.ValueKind == JsonValueKind.Object && Property(holder, key) is { } v && KerasConfig.Items(v) is { } items)
            {
                var dims = items.Select(i => KerasConfig.AsInt(i)).ToArray();
                return dims;
            }
        }

        return null;
    }

    /// <summary>The per-sample shape from a batch shape, when every per-sample size is known.</summary>
    private static int[]? PerSample(int?[]? batchShape)
    {
        if (batchShape is null || batchShape.Length < 2 || batchShape.Skip(1).Any(d => d is null or <= 0))
        {
            return null;
        }

        return batchShape.Skip(1).Select(d => d!.Value).ToArray();
    }

    private static (string? Loss, bool FromLogits) FindLoss(List<JsonElement> trainingConfigs, string source)
    {
        foreach (var tc in trainingConfigs)
        {
            if (Property(tc, "loss") is not { } loss)
            {
                continue;
            }

            if (loss.ValueKind == JsonValueKind.String)
            {
                return (loss.GetString(), false);
            }

            if (loss.ValueKind == JsonValueKind.Object && Property(loss, "class_name") is { ValueKind: JsonValueKind.String } cn)
            {
                var lossConfig = Property(loss, "config");
                if (lossConfig is { ValueKind: JsonValueKind.String } fn)
                {
                    return (fn.GetString(), false);
                }

                var flag = lossConfig is { ValueKind: JsonValueKind.Object } lc ? Property(lc, "from_logits") : null;
                if (flag is { ValueKind: not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null) } bad)
                {
                    throw new InputException($"{source}: the loss sets from_logits = {bad.GetRawText()}, which is not true or false.");
                }

                return (cn.GetString(), flag is { ValueKind: JsonValueKind.True });
            }
        }

        return (null, false);
    }

    private static void AddIfObject(List<JsonElement> list, JsonElement holder, params string[] keys)
    {
        foreach (string key in keys)
        {
            if (Property(holder, key) is { ValueKind: JsonValueKind.Object } v)
            {
                list.Add(v);
            }
        }
    }

    private static JsonElement? Property(JsonElement holder, string key)
    {
        if (holder.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if ((holder.TryGetProperty(key, out var v) || holder.TryGetProperty(KerasConfig.CamelCase(key), out v)) && v.ValueKind != JsonValueKind.Null)
        {
            return v;
        }

        return null;
    }

    private static InputException NotAModel(string source) =>
        new($"{source} is not a Keras model (no class_name and config at its top, nor a TensorFlow.js modelTopology).");
}
