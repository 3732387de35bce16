using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>
/// The losses a model file was compiled with: Keras 2's and TF.js's <c>training_config</c>, Keras 3's
/// <c>compile_config</c>. A loss is a name (<c>"mse"</c>), a serialized loss (<c>{"class_name":
/// "CategoricalCrossentropy", "config": {"from_logits": true}}</c>, or Keras 3's <c>{"class_name": "function",
/// "config": "mse"}</c>), a list with one per output, or an object keyed by output name; <c>loss_weights</c> likewise.
/// </summary>
internal static class TrainingConfig
{
    public static (IReadOnlyList<LossSpec?>? Losses, IReadOnlyList<float>? Weights) Read(IReadOnlyList<JsonElement> configs, IReadOnlyList<string> outputs, string source)
    {
        foreach (var config in configs)
        {
            if (ModelReader.Property(config, "loss") is not { } loss)
            {
                continue;
            }

            var losses = PerOutput(loss, outputs, source, "loss", v => One(v, source));
            var weights = ModelReader.Property(config, "loss_weights") is { } w
                ? PerOutput(w, outputs, source, "loss_weights", v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d >= 0 && double.IsFinite(d)
                    ? (float?)d
                    : throw new InputException($"{source}: a loss weight is {JsonText.OneLine(v)}, which is not a number >= 0."))
                : null;
            return (losses, weights?.Select(x => x ?? 1f).ToArray());
        }

        return (null, null);
    }

    // One value for every output, a list in output order, or an object keyed by output name (missing ones null).
    private static T?[] PerOutput<T>(JsonElement value, IReadOnlyList<string> outputs, string source, string key, Func<JsonElement, T?> read)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = value.EnumerateArray().ToArray();
            if (items.Length != outputs.Count)
            {
                throw new InputException($"{source}: the {key} in its training config lists {items.Length} entries for the model's {outputs.Count} outputs.");
            }

            return items.Select(i => i.ValueKind == JsonValueKind.Null ? default : read(i)).ToArray();
        }

        if (value.ValueKind == JsonValueKind.Object && ModelReader.Property(value, "class_name") is null)
        {
            foreach (var p in value.EnumerateObject())
            {
                if (!outputs.Contains(p.Name))
                {
                    throw new InputException($"{source}: the {key} in its training config names '{p.Name}', which is not an output of the model (its outputs: {string.Join(", ", outputs)}).");
                }
            }

            return outputs.Select(o => value.TryGetProperty(o, out var v) && v.ValueKind != JsonValueKind.Null ? read(v) : default).ToArray();
        }

        var single = read(value);
        return outputs.Select(_ => single).ToArray();
    }

    private static LossSpec One(JsonElement loss, string source)
    {
        if (loss.ValueKind == JsonValueKind.String)
        {
            return new LossSpec(loss.GetString()!, false);
        }

        if (loss.ValueKind == JsonValueKind.Object && ModelReader.Property(loss, "class_name") is { ValueKind: JsonValueKind.String } cn)
        {
            var config = ModelReader.Property(loss, "config");
            if (config is { ValueKind: JsonValueKind.String } function)
            {
                return new LossSpec(function.GetString()!, false);
            }

            var flag = config is { ValueKind: JsonValueKind.Object } c ? ModelReader.Property(c, "from_logits") : null;
            if (flag is { ValueKind: not (JsonValueKind.True or JsonValueKind.False) } bad)
            {
                throw new InputException($"{source}: the loss sets from_logits = {JsonText.OneLine(bad)}, which is not true or false.");
            }

            return new LossSpec(cn.GetString()!, flag is { ValueKind: JsonValueKind.True });
        }

        throw new InputException($"{source}: its training config gives the loss {JsonText.OneLine(loss)}, which is not a loss name or a serialized loss.");
    }
}
