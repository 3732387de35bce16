using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>
/// JSON values as messages quote them, and the one rewrite every Keras dialect needs before reading: messages are one
/// line, so a value pretty-printed over several lines (<c>to_json(indent=2)</c>) is compacted and cut short.
/// </summary>
internal static class JsonText
{
    /// <summary>The value as JSON compacted onto one line, at most <paramref name="max"/> characters.</summary>
    public static string OneLine(JsonElement value, int max = 60) => OneLine(Compact(value), max);

    /// <summary>Text on one line (runs of whitespace, line breaks included, become one space), at most <paramref name="max"/> characters.</summary>
    public static string OneLine(string text, int max = 60)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");
    }

    /// <summary>
    /// The document with every Keras 2 tuple, <c>{"class_name": "__tuple__", "items": [...]}</c>, replaced by its list,
    /// so that each reader of a list (kernel sizes, shapes, paddings, inbound nodes, ...) reads both forms. Returns
    /// <paramref name="root"/> itself when it holds no tuple.
    /// </summary>
    public static JsonElement WithoutTuples(JsonElement root)
    {
        if (!HasTuple(root))
        {
            return root;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(root, writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static bool IsTuple(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty("class_name", out var cn) && cn.ValueKind == JsonValueKind.String && cn.ValueEquals("__tuple__")
        && e.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array;

    private static bool HasTuple(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => IsTuple(e) || e.EnumerateObject().Any(p => HasTuple(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasTuple),
        _ => false,
    };

    private static void Write(JsonElement e, Utf8JsonWriter w)
    {
        if (IsTuple(e))
        {
            e = e.GetProperty("items");
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    Write(p.Value, w);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    Write(item, w);
                }

                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }

    // Python's json.dumps layout (", " and ": "), the one Keras's to_json writes without indent, whatever the file's layout.
    private static string Compact(JsonElement value)
    {
        var sb = new StringBuilder();
        Append(value, sb);
        return sb.ToString();
    }

    private static void Append(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                bool first = true;
                foreach (var p in e.EnumerateObject())
                {
                    sb.Append(first ? string.Empty : ", ").Append(JsonSerializer.Serialize(p.Name)).Append(": ");
                    Append(p.Value, sb);
                    first = false;
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                int i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    sb.Append(i++ == 0 ? string.Empty : ", ");
                    Append(item, sb);
                }

                sb.Append(']');
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}
