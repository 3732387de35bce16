using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>
/// The operations with which a Keras 3 Functional model file writes down the masks Keras computed for it. Building
/// the model, Keras 3 runs <c>compute_mask</c> on symbolic tensors, so <c>Embedding(mask_zero=True)</c> leaves a
/// <c>NotEqual</c> op on its input (<c>not_equal(x, 0)</c>) and <c>Masking(mask_value=v)</c> a <c>NotEqual</c> and an
/// <c>Any</c> (<c>any(not_equal(x, v), axis=-1)</c>); every masking layer downstream is then recorded as called with
/// that tensor as its <c>mask</c> (or <c>query_mask</c>, <c>value_mask</c>...) argument. OneBatch computes the same
/// masks itself and carries them beside the tensors, so these ops are skipped and such arguments not read. Only ops
/// that are exactly a masking layer's mask count: any other <c>not_equal</c> is the model's own computation.
/// </summary>
internal static class ImplicitMasks
{
    /// <summary>The names of the layer entries that are a masking layer's mask op.</summary>
    public static IReadOnlySet<string> Find(IReadOnlyDictionary<string, (JsonElement Element, int Index, IReadOnlyList<CallSpec> Calls)> byName)
    {
        // The tensors masking layers are applied to, with the value each masks: Embedding 0, Masking its mask_value.
        var masked = new List<(TensorRef Input, double Value, bool Any)>();
        foreach (var (element, _, calls) in byName.Values)
        {
            var config = ModelReader.Property(element, "config") ?? default;
            (double Value, bool Any)? masks = ModelReader.ClassName(element) switch
            {
                "Embedding" when ModelReader.Property(config, "mask_zero") is { ValueKind: JsonValueKind.True } => (0d, false),
                "Masking" => (ModelReader.Property(config, "mask_value") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : 0d, true),
                _ => null,
            };
            if (masks is { } m)
            {
                masked.AddRange(calls.Where(c => c.Inputs.Count == 1).Select(c => (c.Inputs[0], m.Value, m.Any)));
            }
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        var notEqualOfMasking = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, (element, _, calls)) in byName)
        {
            if (ModelReader.ClassName(element) == "NotEqual" && IsKerasOp(element) && calls is [{ Arguments: [{ Tensors: [var x] }, { HasTensors: false } value] }]
                && value.Value.ValueKind == JsonValueKind.Number
                && masked.FirstOrDefault(m => m.Input == x && m.Value == value.Value.GetDouble()) is { Input.Layer: not null } match)
            {
                found.Add(name);
                if (match.Any)
                {
                    notEqualOfMasking.Add(name);
                }
            }
        }

        // Masking's mask: any(not_equal(x, v), axis=-1); its NotEqual alone is not a mask.
        var reduced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, (element, _, calls)) in byName)
        {
            if (ModelReader.ClassName(element) == "Any" && IsKerasOp(element) && calls is [{ Inputs: [var x] }] && notEqualOfMasking.Contains(x.Layer)
                && ModelReader.Property(ModelReader.Property(element, "config") ?? default, "axis") is { ValueKind: JsonValueKind.Number } axis && axis.GetInt32() == -1)
            {
                found.Add(name);
                reduced.Add(x.Layer);
            }
        }

        found.ExceptWith(notEqualOfMasking.Except(reduced));

        // A mask the model computes with (an input of a layer, not its mask argument) is not one OneBatch can drop.
        foreach (var (name, (element, _, calls)) in byName)
        {
            if (!found.Contains(name))
            {
                found.ExceptWith(calls.SelectMany(c => c.Inputs).Select(r => r.Layer));
            }
        }

        reduced.IntersectWith(byName.Where(e => found.Contains(e.Key)).SelectMany(e => e.Value.Calls).SelectMany(c => c.Inputs).Select(r => r.Layer));
        found.ExceptWith(notEqualOfMasking.Except(reduced));
        return found;
    }

    /// <summary>Whether a tensor argument of a call is a mask argument fed only by masking layers' mask ops.</summary>
    public static bool Feeds(CallSpec call, string argument, IReadOnlySet<string> ops) =>
        (argument == "mask" || argument.EndsWith("_mask", StringComparison.Ordinal))
        && call.Keywords.TryGetValue(argument, out var a) && a.Tensors.All(t => ops.Contains(t.Layer));

    // An op of Keras 3's keras.ops (module keras.src.ops.*), not a layer class of that name.
    private static bool IsKerasOp(JsonElement element) =>
        ModelReader.Property(element, "module") is not { ValueKind: JsonValueKind.String } module
        || module.GetString()!.StartsWith("keras.src.ops", StringComparison.Ordinal);
}
