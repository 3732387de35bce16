using System.Text.Json;
using OneBatch.Losses;

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

            string name = cn.GetString()!;
            if (config is not { ValueKind: JsonValueKind.Object } c)
            {
                return new LossSpec(name, false);
            }

            var flag = ModelReader.Property(c, "from_logits");
            if (flag is { ValueKind: not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null) } bad)
            {
                throw new InputException($"{source}: the loss sets from_logits = {JsonText.OneLine(bad)}, which is not true or false.");
            }

            // Settings Keras has that OneBatch does not apply are refused rather than silently dropped.
            Refuse(c, name, source);
            float? smoothing = Number(c, "label_smoothing", name, source, v => v is >= 0 and <= 1, "a number in [0, 1]");
            float? delta = Number(c, "delta", name, source, v => v > 0, "a number > 0");
            return new LossSpec(name, flag is { ValueKind: JsonValueKind.True }, smoothing is 0f ? null : smoothing, delta, Reduction(c, name, source));
        }

        throw new InputException($"{source}: its training config gives the loss {JsonText.OneLine(loss)}, which is not a loss name or a serialized loss.");
    }

    // A numeric setting of a serialized loss, null when absent.
    private static float? Number(JsonElement config, string key, string loss, string source, Func<double, bool> valid, string what)
    {
        if (ModelReader.Property(config, key) is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d) && valid(d)
            ? (float)d
            : throw new InputException($"{source}: the loss {loss} sets {key} = {JsonText.OneLine(value)}, which is not {what}.");
    }

    // Keras's reduction: the mean (sum_over_batch_size, mean, auto) or the total (sum); none leaves one loss per sample.
    private static LossReduction Reduction(JsonElement config, string loss, string source)
    {
        // Keras 3 writes reduction=None (no reduction) as null, so an explicit null is refused too.
        if (!config.TryGetProperty("reduction", out var value))
        {
            return LossReduction.SumOverBatchSize;
        }

        string? name = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return LossSettings.ParseReduction(name) ?? throw new InputException(
            $"{source}: the loss {loss} sets reduction = {JsonText.OneLine(value)}, which OneBatch does not apply (it trains on one number per batch: sum_over_batch_size, its aliases mean and auto, or sum).");
    }

    // The settings OneBatch applies only at Keras's defaults: the class axis (-1) and no ignored class.
    private static void Refuse(JsonElement config, string loss, string source)
    {
        if (ModelReader.Property(config, "axis") is { ValueKind: not JsonValueKind.Null } axis && !(axis.ValueKind == JsonValueKind.Number && axis.TryGetInt32(out int a) && a == -1))
        {
            throw new InputException($"{source}: the loss {loss} sets axis = {JsonText.OneLine(axis)}, which OneBatch does not apply (it takes every loss over the last axis, Keras's default -1).");
        }

        if (ModelReader.Property(config, "ignore_class") is { ValueKind: not JsonValueKind.Null } ignored)
        {
            throw new InputException($"{source}: the loss {loss} sets ignore_class = {JsonText.OneLine(ignored)}, which OneBatch does not apply.");
        }
    }
}
