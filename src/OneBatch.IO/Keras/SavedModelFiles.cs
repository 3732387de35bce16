using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneBatch.IO.Keras.Saved;

namespace OneBatch.IO.Keras;

/// <summary>
/// The model files that hold weights beside the architecture: Keras 3's <c>.keras</c> (a zip of <c>config.json</c>,
/// <c>metadata.json</c> and <c>model.weights.h5</c>) and Keras 2's full-model <c>.h5</c> (root attributes
/// <c>model_config</c> and <c>training_config</c> as JSON text, the weights under <c>model_weights</c>, the optimizer's
/// state under <c>optimizer_weights</c>, which a check starting afresh does not use).
/// </summary>
internal static class SavedModelFiles
{
    public static bool IsZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    public static KerasModelFile ReadKeras3(byte[] bytes, string source)
    {
        byte[] config, weights;
        string? version = null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Any(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
            {
                throw new InputException($"{source} is a .npz of arrays, not a model: give it with --weights and the model's JSON with --model.");
            }

            config = Member(zip, "config.json", source)
                ?? throw new InputException($"{source} is a zip without config.json, so it is not a Keras 3 .keras file.");
            weights = Member(zip, "model.weights.h5", source)
                ?? throw new InputException($"{source} has no model.weights.h5, so it holds no weights (a .keras file has them).");
            if (Member(zip, "metadata.json", source) is { } metadata)
            {
                using var document = JsonDocument.Parse(metadata);
                version = ModelReader.Property(document.RootElement, "keras_version")?.GetString();
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException)
        {
            throw new InputException($"{source} cannot be read as a .keras zip: it is truncated or damaged.", e);
        }

        var file = KerasModelFile.Parse(config, $"{source} (its config.json)", version);
        return file.WithWeights(new FileWeights(
            $"{source} (model.weights.h5)",
            (model, classNames) => Hdf5Weights.Assign(Hdf5.Open(weights, $"{source} (its model.weights.h5)"), model, classNames, $"{source} (its model.weights.h5)")));
    }

    public static KerasModelFile ReadFullHdf5(byte[] bytes, string source)
    {
        var root = Hdf5.Open(bytes, source);
        if (Hdf5.String(root, "model_config", source) is not string modelConfig)
        {
            throw new InputException(
                $"{source} holds weights but no model_config (it is what model.save_weights writes): give the model's JSON with --model and this file with --weights.");
        }

        // The attributes as the JSON object the text reader takes: model_config and training_config stay JSON text.
        var holder = new JsonObject { ["model_config"] = modelConfig };
        foreach (string key in new[] { "training_config", "keras_version", "backend" })
        {
            if (Hdf5.String(root, key, source) is string value)
            {
                holder[key] = value;
            }
        }

        var file = KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(holder.ToJsonString()), source);
        if (Hdf5.Group(root, "model_weights", source) is null)
        {
            return file;
        }

        return file.WithWeights(new FileWeights($"{source} (model_weights)", (model, classNames) => Hdf5Weights.Assign(root, model, classNames, source)));
    }

    private static byte[]? Member(ZipArchive zip, string name, string source)
    {
        if (zip.GetEntry(name) is not { } entry)
        {
            return null;
        }

        return Data.ZipMember.ReadAll(entry, $"{source} (its {name})");
    }
}
