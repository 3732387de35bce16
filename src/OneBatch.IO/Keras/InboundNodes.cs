using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>A reference to one output of one call of a layer: Keras's <c>[layer_name, node_index, tensor_index]</c>.</summary>
internal readonly record struct TensorRef(string Layer, int Node, int Tensor)
{
    public override string ToString() => Node == 0 && Tensor == 0 ? $"'{Layer}'" : $"'{Layer}' (call {Node}, output {Tensor})";
}

/// <summary>One call of a layer in a model file: the tensors it takes, in order, and whether it is written in Keras 3's form.</summary>
internal sealed record CallSpec(IReadOnlyList<TensorRef> Inputs, bool Keras3 = false);

/// <summary>
/// Reads how a Functional model file wires its layers, in every dialect Keras and TensorFlow.js write: a layer's
/// <c>inbound_nodes</c> (Keras 1/2 and TF.js: a list of calls, each a list of <c>[name, node, tensor, {kwargs}]</c>;
/// Keras 3: a list of <c>{"args": [...], "kwargs": {...}}</c> whose tensors are <c>__keras_tensor__</c> objects with
/// a <c>keras_history</c>), and a model's <c>input_layers</c> / <c>output_layers</c> (a list of references, or one).
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
            var refs = new List<TensorRef>();
            if (node.ValueKind == JsonValueKind.Object)
            {
                // Keras 3: the tensors are wherever keras_history objects sit in args (kwargs carry settings such as training or mask).
                if (node.TryGetProperty("args", out var args))
                {
                    Collect(args, refs, error);
                }
            }
            else if (Reference(node) is { } single)
            {
                // A call written as a single [name, node, tensor] rather than a list of them.
                refs.Add(single);
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

            calls.Add(new CallSpec(refs, node.ValueKind == JsonValueKind.Object));
        }

        return calls;
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

    private static string Short(JsonElement e)
    {
        string text = string.Join(' ', e.GetRawText().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 40 ? text : text[..37] + "...";
    }
}
