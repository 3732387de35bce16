using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>A reference to one output of one call of a layer: Keras's <c>[layer_name, node_index, tensor_index]</c>.</summary>
internal readonly record struct TensorRef(string Layer, int Node, int Tensor)
{
    public override string ToString() => Node == 0 && Tensor == 0 ? $"'{Layer}'" : $"'{Layer}' (call {Node}, output {Tensor})";
}

/// <summary>
/// Reads how a Functional model file wires its layers, in every dialect Keras and TensorFlow.js write: a layer's
/// <c>inbound_nodes</c>, and a model's <c>input_layers</c> / <c>output_layers</c> (a list of references, or one).
/// <list type="bullet">
/// <item>Keras 1/2 and TF.js: a list of calls, each a list of <c>[name, node, tensor, {kwargs}]</c>, one entry per
/// tensor of the call's first argument. tf.keras 2 writes every other argument as a keyword, and repeats the same
/// kwargs object on each entry: <c>MultiHeadAttention()(q, v)</c> is <c>[["q", 0, 0, {"value": ["v", 0, 0]}]]</c>
/// (a tensor in kwargs is a <c>[name, node, tensor]</c> list), and <c>Attention()([q, v], use_causal_mask=True)</c>
/// is <c>[["q", 0, 0, {"use_causal_mask": true}], ["v", 0, 0, {"use_causal_mask": true}]]</c>.</item>
/// <item>Keras 3: a list of <c>{"args": [...], "kwargs": {...}}</c> as the call was written, whose tensors are
/// <c>{"class_name": "__keras_tensor__", "config": {..., "keras_history": [name, node, tensor]}}</c> objects:
/// <c>MultiHeadAttention()(q, v, use_causal_mask=True)</c> is <c>{"args": [q, v], "kwargs": {"use_causal_mask": true}}</c>,
/// and <c>Attention()([q, v])</c> is <c>{"args": [[q, v]], "kwargs": {}}</c>.</item>
/// </list>
/// </summary>
internal static class InboundNodes
{
    /// <summary>The calls of one layer, in order.</summary>
    public static IReadOnlyList<CallSpec> Read(JsonElement? inboundNodes, Func<string, InputException> error)
    {
        if (inboundNodes is not { } nodes)
        {
            return [];
        }

        var items = KerasConfig.Items(nodes) ?? throw error("has inbound_nodes that are not a list");
        var calls = new List<CallSpec>();
        foreach (var node in items)
        {
            calls.Add(node.ValueKind == JsonValueKind.Object ? Keras3Call(node, error) : LegacyCall(node, error));
        }

        return calls;
    }

    // Keras 3: {"args": [...], "kwargs": {...}}; the tensors are wherever keras_history objects sit.
    private static CallSpec Keras3Call(JsonElement node, Func<string, InputException> error)
    {
        var refs = new List<TensorRef>();
        var arguments = new List<CallArgument>();
        if (node.TryGetProperty("args", out var args))
        {
            foreach (var arg in KerasConfig.Items(args) ?? [args])
            {
                var tensors = new List<TensorRef>();
                Collect(arg, tensors, error);
                refs.AddRange(tensors);
                arguments.Add(new CallArgument(tensors, arg));
            }
        }

        var keywords = new Dictionary<string, CallArgument>(StringComparer.Ordinal);
        if (node.TryGetProperty("kwargs", out var kwargs) && kwargs.ValueKind == JsonValueKind.Object)
        {
            foreach (var kw in kwargs.EnumerateObject())
            {
                var tensors = new List<TensorRef>();
                Collect(kw.Value, tensors, error);
                keywords[kw.Name] = new CallArgument(tensors, kw.Value);
            }
        }

        return new CallSpec(refs, Keras3: true) { Arguments = arguments, Keywords = keywords };
    }

    // Keras 1/2 and TF.js: the entries of the first argument, each [name, node, tensor] with tf.keras 2's kwargs object last.
    private static CallSpec LegacyCall(JsonElement node, Func<string, InputException> error)
    {
        var refs = new List<TensorRef>();
        JsonElement? kwargs = null;
        if (Reference(node) is { } single)
        {
            // A call written as a single [name, node, tensor] rather than a list of them.
            refs.Add(single);
            kwargs = KwargsOf(node);
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in node.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object)
                {
                    Collect(entry, refs, error);
                }
                else if (Reference(entry) is { } r)
                {
                    refs.Add(r);
                    kwargs ??= KwargsOf(entry);
                }
                else
                {
                    throw error($"has an inbound node entry {Short(entry)} that is not a [layer, node, tensor] reference");
                }
            }
        }
        else
        {
            throw error($"has an inbound node {Short(node)} that is not a list or an object");
        }

        var keywords = new Dictionary<string, CallArgument>(StringComparer.Ordinal);
        if (kwargs is { } k)
        {
            foreach (var kw in k.EnumerateObject())
            {
                var tensors = new List<TensorRef>();
                CollectLegacy(kw.Value, tensors);
                keywords[kw.Name] = new CallArgument(tensors, kw.Value);
            }
        }

        return new CallSpec(refs) { Arguments = [new CallArgument(refs, node)], Keywords = keywords };
    }

    // The kwargs object of a [name, node, tensor, {kwargs}] entry, if it has one.
    private static JsonElement? KwargsOf(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() == 4 && entry[3].ValueKind == JsonValueKind.Object ? entry[3] : null;

    // tf.keras 2 writes a tensor in kwargs as [name, node, tensor] (tf_utils.convert_inner_node_data: a list of 3 or 4
    // items whose first is a string), anywhere inside lists and objects.
    private static void CollectLegacy(JsonElement e, List<TensorRef> refs)
    {
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() is 3 or 4 && e[0].ValueKind == JsonValueKind.String && Reference(e) is { } r)
        {
            refs.Add(r);
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                CollectLegacy(item, refs);
            }
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                CollectLegacy(p.Value, refs);
            }
        }
    }

    /// <summary>A model's <c>input_layers</c> or <c>output_layers</c>: a list of references, or a single one.</summary>
    public static IReadOnlyList<TensorRef> Endpoints(JsonElement value, Func<string, InputException> error, string key)
    {
        if (Reference(value) is { } single)
        {
            return [single];
        }

        var items = KerasConfig.Items(value) ?? throw error($"has {key} that are not a list of [layer, node, tensor]");
        return items.Select(i => Reference(i) ?? throw error($"has an entry {Short(i)} in {key} that is not a [layer, node, tensor] reference")).ToArray();
    }

    // [name, node, tensor] or [name, node, tensor, {kwargs}] (Keras 1 writes [name, node, tensor]).
    private static TensorRef? Reference(JsonElement e)
    {
        var items = KerasConfig.Items(e)?.ToArray();
        if (items is not { Length: >= 1 and <= 4 } || items[0].ValueKind != JsonValueKind.String)
        {
            return null;
        }

        int node = items.Length > 1 ? KerasConfig.AsInt(items[1]) ?? -1 : 0;
        int tensor = items.Length > 2 ? KerasConfig.AsInt(items[2]) ?? -1 : 0;
        if (node < 0 || tensor < 0 || (items.Length == 4 && items[3].ValueKind is not (JsonValueKind.Object or JsonValueKind.Null)))
        {
            return null;
        }

        return new TensorRef(items[0].GetString()!, node, tensor);
    }

    // Every keras_history under a Keras 3 argument, depth first (a merge layer's single argument is a list of tensors).
    private static void Collect(JsonElement e, List<TensorRef> refs, Func<string, InputException> error)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Collect(item, refs, error);
                }

                break;
            case JsonValueKind.Object:
                if (e.TryGetProperty("class_name", out var cn) && cn.ValueKind == JsonValueKind.String && cn.GetString() == "__keras_tensor__")
                {
                    var history = e.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object && config.TryGetProperty("keras_history", out var h)
                        ? Reference(h)
                        : null;
                    refs.Add(history ?? throw error("has a tensor argument without a [layer, node, tensor] keras_history"));
                }
                else if (e.TryGetProperty("class_name", out _) && e.TryGetProperty("config", out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var tuple))
                {
                    // {"class_name": "__tuple__", ...} and other wrapped values: look inside.
                    Collect(tuple, refs, error);
                }
                else if (e.TryGetProperty("items", out var items))
                {
                    Collect(items, refs, error);
                }

                break;
        }
    }

    private static string Short(JsonElement e) => JsonText.OneLine(e, 40);
}
