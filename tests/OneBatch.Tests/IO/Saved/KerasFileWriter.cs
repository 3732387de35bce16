using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using OneBatch.IO.Keras.Saved;
using OneBatch.Layers;
using OneBatch.Models;
using PureHDF;

namespace OneBatch.Tests.IO.Saved;

/// <summary>One array as a fixture file stores it: its name (a path relative to the layer's group), shape and values.</summary>
internal sealed record FileArray(string Name, int[] Shape, float[] Values);

/// <summary>
/// Writes, from a built OneBatch model's weights, each weights layout Keras writes, with PureHDF's writer: Keras 2's
/// <c>save_weights</c>, Keras 1's, Keras 2's full-model <c>save</c>, Keras 3's <c>.weights.h5</c> and <c>.keras</c> zip,
/// and a TF.js model.json with its shards. Group members are added in the reverse of the order the attributes give
/// (<c>bias:0</c> before <c>kernel:0</c>, <c>vars/1</c> before <c>vars/0</c>), so a reader that trusts member order fails.
/// </summary>
internal static class KerasFileWriter
{
    /// <summary>Fixed-length NUL-padded strings, as Keras 2.0-2.4 wrote <c>layer_names</c> and <c>weight_names</c>.</summary>
    public static H5WriteOptions FixedStrings { get; } = new(DefaultStringLength: 40);

    /// <summary>Variable-length strings (PureHDF marks them UTF-8).</summary>
    public static H5WriteOptions VariableStrings { get; } = new(DefaultStringLength: 0);

    /// <summary>The layers a Keras 1/2 weights file lists (a Sequential's input layer is not one of them).</summary>
    public static IEnumerable<Layer> SavedLayers(Model model) => model.Layers.Where(l => l is not InputLayer);

    /// <summary>Keras 2's arrays for a layer: <c>dense/kernel:0</c>, <c>dense/bias:0</c>, in the layer's order.</summary>
    public static IReadOnlyList<FileArray> Keras2Arrays(Layer layer) =>
        layer.Weights.Select(w => new FileArray(w.Name + ":0", w.Shape.ToArray(), w.Value.ToArray())).ToArray();

    /// <summary>Keras 1's arrays for a layer: <c>dense_1_W</c>, <c>dense_1_b</c> (<c>_U</c> for a recurrent kernel).</summary>
    public static IReadOnlyList<FileArray> Keras1Arrays(Layer layer) => layer.Weights.Select(w =>
    {
        string suffix = WeightAssignment.Short(w) switch { "kernel" => "W", "recurrent_kernel" => "U", "bias" => "b", var other => other };
        return new FileArray($"{layer.Name}_{suffix}", w.Shape.ToArray(), w.Value.ToArray());
    }).ToArray();

    /// <summary>
    /// Adds the Keras 1/2 weights layout to <paramref name="into"/>: attribute <c>layer_names</c>, one group per layer with
    /// attribute <c>weight_names</c> (an empty float64 array for a layer without weights) and its datasets, and an
    /// unlisted group <c>top_level_model_weights</c>.
    /// </summary>
    public static void AddKeras2Layers(H5Group into, Model model, Func<Layer, IReadOnlyList<FileArray>> arrays, bool versioned = true)
    {
        var layers = SavedLayers(model).ToArray();
        into.Attributes["layer_names"] = layers.Select(l => l.Name).ToArray();
        if (versioned)
        {
            into.Attributes["keras_version"] = "2.3.1";
            into.Attributes["backend"] = "tensorflow";
        }

        foreach (var layer in layers)
        {
            var group = new H5Group();
            var own = arrays(layer);
            group.Attributes["weight_names"] = own.Count == 0
                ? new H5Attribute(Array.Empty<double>(), dimensions: [0])
                : (object)own.Select(a => a.Name).ToArray();
            foreach (var array in own.Reverse())
            {
                AddDataset(group, array);
            }

            into[layer.Name] = group;
        }

        into["top_level_model_weights"] = new H5Group { ["junk"] = new H5Dataset(new float[] { 1, 2, 3 }, fileDims: [3]) };
    }

    /// <summary>Keras 2's <c>model.save_weights('w.h5')</c> (Keras 1's with <see cref="Keras1Arrays"/> and no version attributes).</summary>
    public static byte[] Keras2Weights(Model model, H5WriteOptions strings, bool keras1 = false, Func<Layer, IReadOnlyList<FileArray>>? arrays = null)
    {
        var file = new H5File();
        AddKeras2Layers(file, model, arrays ?? (keras1 ? Keras1Arrays : Keras2Arrays), versioned: !keras1);
        return Bytes(file, strings);
    }

    /// <summary>
    /// Keras 2's <c>model.save('m.h5')</c>: root attributes <c>model_config</c> and <c>training_config</c> (JSON text, taken
    /// from <paramref name="modelJson"/>, a <c>to_json()</c> with its training config), <c>keras_version</c> and
    /// <c>backend</c>; the weights under <c>model_weights</c>; optimizer state under <c>optimizer_weights</c>.
    /// </summary>
    public static byte[] Keras2FullModel(Model model, string modelJson, H5WriteOptions strings)
    {
        var json = JsonNode.Parse(modelJson)!.AsObject();
        var file = new H5File();
        file.Attributes["model_config"] = new JsonObject { ["class_name"] = json["class_name"]!.DeepClone(), ["config"] = json["config"]!.DeepClone() }.ToJsonString();
        if (json["training_config"] is { } training)
        {
            file.Attributes["training_config"] = training.ToJsonString();
        }

        file.Attributes["keras_version"] = "2.4.0";
        file.Attributes["backend"] = "tensorflow";
        var weights = new H5Group();
        AddKeras2Layers(weights, model, Keras2Arrays);
        file["model_weights"] = weights;
        // PureHDF cuts fixed-length strings to the one length it is given: make it hold the configs (Keras wrote those
        // variable-length anyway).
        if (strings.DefaultStringLength > 0)
        {
            strings = strings with { DefaultStringLength = Math.Max(strings.DefaultStringLength, modelJson.Length + 1) };
        }

        var adam = new H5Group { ["iter:0"] = new H5Dataset(7L), ["dense"] = new H5Group { ["kernel:0"] = new H5Dataset(new float[] { 9, 9 }, fileDims: [2]) } };
        adam.Attributes["weight_names"] = new[] { "Adam/iter:0", "Adam/dense/kernel:0" };
        file["optimizer_weights"] = new H5Group { ["Adam"] = adam };
        return Bytes(file, strings);
    }

    /// <summary>
    /// Keras 3's <c>model.save_weights('w.weights.h5')</c> (and the <c>model.weights.h5</c> of a <c>.keras</c>):
    /// <c>layers/&lt;snake_case class&gt;[_n]/vars/&lt;i&gt;</c>, an RNN's weights in <c>cell/vars</c>, every <c>vars</c>
    /// group with a <c>name</c> attribute, an <c>optimizer/vars</c> group with the iteration count, a top-level <c>vars</c>.
    /// </summary>
    /// <param name="classNames">The class per layer (the model file's); a layer missing goes by its OneBatch class.</param>
    /// <param name="alter">Changes each layer's group before it is written (a damaged file for a test).</param>
    public static byte[] Keras3Weights(Model model, IReadOnlyDictionary<Layer, string>? classNames = null, Action<H5Group>? alter = null)
    {
        var layers = new H5Group();
        var used = new Dictionary<string, int>();
        foreach (var layer in model.Layers.Where(l => l is not InputLayer))
        {
            string name = Keras3WeightsTree.SnakeCase(classNames is not null && classNames.TryGetValue(layer, out var c) ? c : layer.ClassName);
            int n = used.GetValueOrDefault(name);
            used[name] = n + 1;
            name = n == 0 ? name : $"{name}_{n}";
            var group = new H5Group();
            var values = Vars(layer.Name, layer.Weights.Select(w => new FileArray(w.Name, w.Shape.ToArray(), w.Value.ToArray())).ToArray());
            if (layer is LSTM or GRU or SimpleRNN)
            {
                group["vars"] = Vars(layer.Name, []);
                group["cell"] = new H5Group { ["vars"] = values };
            }
            else
            {
                group["vars"] = values;
            }

            alter?.Invoke(group);
            layers[name] = group;
        }

        var file = new H5File
        {
            ["layers"] = layers,
            ["optimizer"] = new H5Group { ["vars"] = new H5Group { ["0"] = new H5Dataset(12L) } },
            ["vars"] = new H5Group(),
        };
        return Bytes(file, VariableStrings);
    }

    /// <summary>A <c>vars</c> group: datasets <c>0</c>, <c>1</c>, ... added last first, and the layer's name as attribute.</summary>
    public static H5Group Vars(string layerName, IReadOnlyList<FileArray> arrays)
    {
        var vars = new H5Group();
        vars.Attributes["name"] = layerName;
        for (int i = arrays.Count - 1; i >= 0; i--)
        {
            vars[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Dataset(arrays[i]);
        }

        return vars;
    }

    /// <summary>Keras 3's <c>.keras</c>: a stored zip of <c>metadata.json</c>, <c>config.json</c> and <c>model.weights.h5</c>.</summary>
    public static byte[] KerasZip(string configJson, byte[]? weights, bool withConfig = true)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "metadata.json", """{"keras_version": "3.8.0", "date_saved": "2025-01-01@00:00:00"}"""u8.ToArray());
            if (withConfig)
            {
                Add(zip, "config.json", Encoding.UTF8.GetBytes(configJson));
            }

            if (weights is not null)
            {
                Add(zip, "model.weights.h5", weights);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A TF.js layers model.json around <paramref name="modelJson"/> (a <c>to_json()</c>, its training config kept), with a
    /// manifest of one group over <paramref name="shards"/> shard files; returns the model.json and the shards' bytes.
    /// </summary>
    public static (string ModelJson, byte[][] Shards) Tfjs(string modelJson, IReadOnlyList<(JsonObject Entry, byte[] Bytes)> weights, int shards)
    {
        var json = JsonNode.Parse(modelJson)!.AsObject();
        var topology = new JsonObject
        {
            ["keras_version"] = "2.15.0",
            ["backend"] = "tensorflow",
            ["model_config"] = new JsonObject { ["class_name"] = json["class_name"]!.DeepClone(), ["config"] = json["config"]!.DeepClone() },
        };
        if (json["training_config"] is { } training)
        {
            topology["training_config"] = training.DeepClone();
        }

        var all = weights.SelectMany(w => w.Bytes).ToArray();
        int size = (all.Length + shards - 1) / shards;
        var parts = Enumerable.Range(0, shards).Select(i => all.Skip(i * size).Take(size).ToArray()).ToArray();
        var manifest = new JsonArray(new JsonObject
        {
            ["paths"] = new JsonArray(Enumerable.Range(1, shards).Select(i => (JsonNode)$"group1-shard{i}of{shards}.bin").ToArray()),
            ["weights"] = new JsonArray(weights.Select(w => (JsonNode)w.Entry).ToArray()),
        });
        var root = new JsonObject
        {
            ["format"] = "layers-model",
            ["generatedBy"] = "keras v2.15.0",
            ["convertedBy"] = "TensorFlow.js Converter v4.17.0",
            ["modelTopology"] = topology,
            ["weightsManifest"] = manifest,
        };
        return (root.ToJsonString(), parts);
    }

    /// <summary>A TF.js manifest entry and bytes for float32 values.</summary>
    public static (JsonObject Entry, byte[] Bytes) TfjsFloat32(string name, int[] shape, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return (Entry(name, shape), bytes);
    }

    /// <summary>A TF.js manifest entry quantized to uint8 (<c>value = q * scale + min</c>) and its bytes.</summary>
    public static (JsonObject Entry, byte[] Bytes) TfjsUint8(string name, int[] shape, byte[] q, double scale, double min)
    {
        var entry = Entry(name, shape);
        entry["quantization"] = new JsonObject { ["dtype"] = "uint8", ["scale"] = scale, ["min"] = min };
        return (entry, q);
    }

    /// <summary>
    /// Marks every variable-length string in an HDF5 file PureHDF wrote as ASCII instead of UTF-8, as h5py writes most of
    /// Keras's: the charset bits of each datatype message (version 3, class 9 string, size 16). PureHDF's reader does not
    /// check the object header checksum these bytes sit under. Returns how many it changed.
    /// </summary>
    public static int MarkVariableStringsAscii(byte[] file)
    {
        int changed = 0;
        for (int i = 0; i + 8 <= file.Length; i++)
        {
            // 0x39: version 3, class 9 (variable length); 0x11: a string, null-terminated; 0x01: UTF-8; size 16.
            if (file[i] == 0x39 && file[i + 1] == 0x11 && file[i + 2] == 0x01 && file[i + 3] == 0 && file[i + 4] == 16 && file[i + 5] == 0 && file[i + 6] == 0 && file[i + 7] == 0)
            {
                file[i + 2] = 0x00;
                changed++;
            }
        }

        return changed;
    }

    public static byte[] Bytes(H5File file, H5WriteOptions options)
    {
        using var stream = new MemoryStream();
        file.Write(stream, options);
        return stream.ToArray();
    }

    private static JsonObject Entry(string name, int[] shape) =>
        new() { ["name"] = name, ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["dtype"] = "float32" };

    private static H5Dataset Dataset(FileArray array) => new(array.Values, fileDims: array.Shape.Select(d => (ulong)d).ToArray());

    // A dataset at a path relative to the group (dense/kernel:0), making the groups on the way.
    private static void AddDataset(H5Group group, FileArray array)
    {
        var parts = array.Name.Split('/');
        foreach (string part in parts[..^1])
        {
            if (!group.TryGetValue(part, out var child))
            {
                child = new H5Group();
                group[part] = child;
            }

            group = (H5Group)child;
        }

        group[parts[^1]] = Dataset(array);
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(bytes);
    }
}
