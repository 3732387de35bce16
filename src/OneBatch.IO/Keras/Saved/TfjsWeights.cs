using System.Buffers.Binary;
using System.Text.Json;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// A TensorFlow.js layers model's weights: its <c>weightsManifest</c> lists groups, each of shard files (<c>paths</c>,
/// beside the model.json, read one after the other as one buffer) and of weights (<c>name</c>, <c>shape</c>,
/// <c>dtype</c>) stored in that order, little-endian float32, or quantized to <c>uint8</c> / <c>uint16</c> with a
/// <c>scale</c> and <c>min</c> (<c>value = q * scale + min</c>) or to <c>float16</c>. TF.js sets them by name
/// (<c>dense_1/kernel</c>), every weight of the model exactly once.
/// </summary>
internal static class TfjsWeights
{
    public static IReadOnlyList<SavedArray> Read(JsonElement manifest, string folder, string source)
    {
        if (manifest.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{source}: its weightsManifest is not a list of weight groups.");
        }

        var arrays = new List<SavedArray>();
        foreach (var group in manifest.EnumerateArray())
        {
            var paths = ModelReader.Property(group, "paths") is { ValueKind: JsonValueKind.Array } p
                ? p.EnumerateArray().Select(e => e.GetString() ?? throw new InputException($"{source}: a weightsManifest path is not text.")).ToArray()
                : throw new InputException($"{source}: a weightsManifest group has no paths.");
            var buffer = Shards(paths, folder, source);
            var weights = ModelReader.Property(group, "weights") is { ValueKind: JsonValueKind.Array } w
                ? w.EnumerateArray().ToArray()
                : throw new InputException($"{source}: a weightsManifest group has no weights.");
            int offset = 0;
            foreach (var weight in weights)
            {
                arrays.Add(ReadOne(weight, buffer, ref offset, string.Join(", ", paths), source));
            }

            if (offset != buffer.Length)
            {
                throw new InputException($"{source}: its shards ({string.Join(", ", paths)}) hold {buffer.Length} bytes but its manifest describes {offset}.");
            }
        }

        return arrays;
    }

    /// <summary>True when at least one shard the manifest lists is in <paramref name="folder"/>.</summary>
    public static bool AnyShardBeside(JsonElement manifest, string folder) =>
        manifest.ValueKind == JsonValueKind.Array && manifest.EnumerateArray()
            .Select(g => ModelReader.Property(g, "paths"))
            .Where(p => p is { ValueKind: JsonValueKind.Array })
            .SelectMany(p => p!.Value.EnumerateArray())
            .Any(p => p.ValueKind == JsonValueKind.String && File.Exists(Path.Combine(folder, p.GetString()!)));

    /// <summary>Sets the model's weights by name, as TF.js's <c>loadWeights</c> does.</summary>
    public static void Assign(Model model, IReadOnlyList<SavedArray> arrays, string source)
    {
        var weights = model.Weights;
        var byName = new Dictionary<string, Autodiff.Variable>(StringComparer.Ordinal);
        foreach (var w in weights)
        {
            byName.TryAdd(w.Name, w);
        }

        var assignment = new WeightAssignment(model, source);
        foreach (var array in arrays)
        {
            var weight = Find(byName, array.Name) ?? throw new InputException(
                $"{source}: its weight '{array.Name}' matches no weight of the model (the model's: {string.Join(", ", weights.Select(x => x.Name))}).");
            assignment.Set(weight, array, $"weight '{array.Name}'");
        }

        assignment.Apply();
    }

    // The exact name, or the name without a cell's scope (lstm/lstm_cell/kernel for lstm/kernel) or a model's prefix.
    private static Autodiff.Variable? Find(Dictionary<string, Autodiff.Variable> byName, string name)
    {
        name = name.EndsWith(":0", StringComparison.Ordinal) ? name[..^2] : name;
        if (byName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var parts = name.Split('/');
        for (int drop = 1; drop < parts.Length - 1; drop++)
        {
            if (byName.TryGetValue(string.Join('/', parts.Skip(drop)), out var unprefixed))
            {
                return unprefixed;
            }
        }

        return parts.Length == 3 && byName.TryGetValue($"{parts[0]}/{parts[2]}", out var uncelled) ? uncelled : null;
    }

    private static byte[] Shards(string[] paths, string folder, string source)
    {
        var parts = new List<byte[]>();
        foreach (string path in paths)
        {
            string full = Path.Combine(folder, path);
            if (!File.Exists(full))
            {
                throw new InputException($"{source} lists the weight shard '{path}', which is not beside it ('{full}' does not exist).");
            }

            parts.Add(Data.InputFile.ReadAllBytes(full));
        }

        var buffer = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(buffer, at);
            at += part.Length;
        }

        return buffer;
    }

    private static SavedArray ReadOne(JsonElement weight, byte[] buffer, ref int offset, string shards, string source)
    {
        string name = ModelReader.Property(weight, "name")?.GetString() ?? throw new InputException($"{source}: a weight in its weightsManifest has no name.");
        var shapeElement = ModelReader.Property(weight, "shape");
        if (shapeElement is not { ValueKind: JsonValueKind.Array } s || s.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int v) || v < 0))
        {
            throw new InputException($"{source}: the weight '{name}' in its weightsManifest has no shape of whole sizes >= 0.");
        }

        var shape = new Shape(s.EnumerateArray().Select(d => d.GetInt32()).ToArray());
        string dtype = ModelReader.Property(weight, "dtype")?.GetString() ?? "float32";
        var quantization = ModelReader.Property(weight, "quantization");
        string stored = quantization is { ValueKind: JsonValueKind.Object } q ? ModelReader.Property(q, "dtype")?.GetString() ?? "?" : dtype;
        if (dtype != "float32")
        {
            throw new InputException($"{source}: the weight '{name}' has dtype {dtype}; OneBatch reads float32 weights.");
        }

        int width = stored switch
        {
            "float32" => 4,
            "uint16" or "float16" => 2,
            "uint8" => 1,
            _ => throw new InputException($"{source}: the weight '{name}' is stored as {stored}, which is not float32, float16, uint16 or uint8."),
        };
        int count = shape.Size;
        if ((long)offset + ((long)count * width) > buffer.Length)
        {
            throw new InputException($"{source}: its shards ({shards}) end before the weight '{name}' ({shape}, {stored}): they are truncated or do not belong to it.");
        }

        var bytes = buffer.AsSpan(offset, count * width);
        offset += count * width;
        var values = new float[count];
        float scale = 1f, min = 0f;
        if (stored is "uint8" or "uint16")
        {
            scale = Number(quantization!.Value, "scale", name, source);
            min = Number(quantization.Value, "min", name, source);
        }

        for (int i = 0; i < count; i++)
        {
            values[i] = stored switch
            {
                "float32" => BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]),
                "float16" => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]),
                "uint16" => (BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) * scale) + min,
                _ => (bytes[i] * scale) + min,
            };
        }

        return new SavedArray(name, shape, values);
    }

    private static float Number(JsonElement quantization, string key, string name, string source) =>
        ModelReader.Property(quantization, key) is { ValueKind: JsonValueKind.Number } n && n.TryGetDouble(out double d) && double.IsFinite(d)
            ? (float)d
            : throw new InputException($"{source}: the quantized weight '{name}' has no number {key}.");
}
