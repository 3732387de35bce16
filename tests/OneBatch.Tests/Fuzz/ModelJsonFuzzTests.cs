using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// <c>onebatch check</c> on generated Keras model JSON (a synthetic batch): valid Sequential and Functional models over
/// Dense, Dropout, Conv2D, MaxPooling2D, Flatten, Embedding and LSTM, and the same mutated: a number replaced by 0, -1,
/// a huge or out-of-range value, a value by a string, null or another type, a key deleted, a value nested in a list or
/// a list flattened, a name with control characters, a layer repeated, a class renamed, the text's bytes damaged.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ModelJsonFuzzTests
{
    private static readonly Gen<string> Activation = Gen.OneOf("relu", "tanh", "sigmoid", "linear", "softmax");

    private static readonly Gen<JsonObject> Dense =
        from units in Gen.Int[1, 8]
        from activation in Activation
        select Layer("Dense", new JsonObject { ["units"] = units, ["activation"] = activation, ["use_bias"] = true });

    private static readonly Gen<JsonObject> Dropout = Gen.Double[0, 0.5].Select(rate => Layer("Dropout", new JsonObject { ["rate"] = Math.Round(rate, 2) }));

    private static readonly Gen<(int[] Input, List<JsonObject> Layers)> Vector =
        from features in Gen.Int[1, 6]
        from hidden in Gen.OneOf<JsonObject>(Dense, Dense, Dropout).List[0, 3]
        select (new[] { features }, hidden);

    private static readonly Gen<(int[] Input, List<JsonObject> Layers)> Image =
        from side in Gen.Int[4, 8]
        from channels in Gen.Int[1, 3]
        from filters in Gen.Int[1, 4]
        from kernel in Gen.Int[1, 3]
        from stride in Gen.Int[1, 2]
        from padding in Gen.OneOf("valid", "same")
        from pool in Gen.Bool
        let conv = Layer("Conv2D", new JsonObject
        {
            ["filters"] = filters, ["kernel_size"] = new JsonArray(kernel, kernel), ["strides"] = new JsonArray(stride, stride),
            ["padding"] = padding, ["data_format"] = "channels_last", ["dilation_rate"] = new JsonArray(1, 1), ["activation"] = "relu", ["use_bias"] = true,
        })
        let pooling = Layer("MaxPooling2D", new JsonObject { ["pool_size"] = new JsonArray(2, 2), ["strides"] = new JsonArray(2, 2), ["padding"] = "same" })
        select (new[] { side, side, channels }, pool ? new List<JsonObject> { conv, pooling, Layer("Flatten", []) } : [conv, Layer("Flatten", [])]);

    private static readonly Gen<(int[] Input, List<JsonObject> Layers)> Text =
        from length in Gen.Int[2, 6]
        from vocabulary in Gen.Int[5, 20]
        from dimension in Gen.Int[2, 4]
        from maskZero in Gen.Bool
        from units in Gen.Int[1, 4]
        from recurrent in Gen.Bool
        let embedding = Layer("Embedding", new JsonObject { ["input_dim"] = vocabulary, ["output_dim"] = dimension, ["mask_zero"] = maskZero && recurrent })
        let lstm = Layer("LSTM", new JsonObject { ["units"] = units, ["activation"] = "tanh", ["recurrent_activation"] = "sigmoid", ["return_sequences"] = false, ["use_bias"] = true })
        select (new[] { length }, recurrent ? new List<JsonObject> { embedding, lstm } : [embedding, Layer("Flatten", [])]);

    /// <summary>A valid model's JSON: a body of layers, an output Dense, Sequential or Functional, with a loss.</summary>
    public static Gen<string> ValidModel { get; } =
        from body in Gen.OneOf<(int[] Input, List<JsonObject> Layers)>(Vector, Image, Text)
        from outputs in Gen.Int[1, 3]
        from functional in Gen.Bool
        from loss in Gen.OneOf("mean_squared_error", "mean_absolute_error", "binary_crossentropy")
        select Model(body.Input, [.. body.Layers, Layer("Dense", new JsonObject { ["units"] = outputs, ["activation"] = loss == "binary_crossentropy" ? "sigmoid" : "linear" })], functional, loss);

    /// <summary>A copy of <paramref name="json"/> with one to three structural mutations, or its bytes damaged.</summary>
    public static Gen<byte[]> Mutated(string json) =>
        from count in Gen.Int[1, 3]
        from edits in Gen.Select(Gen.Int[0, 8], Gen.Int[0, 1 << 20], FuzzValues.Number, FuzzValues.OddName).Array[count]
        from damaged in ByteMutations.Of(Encoding.UTF8.GetBytes(json))
        select edits.Any(e => e.Item1 == 8) ? damaged : Encoding.UTF8.GetBytes(edits.Aggregate(JsonNode.Parse(json)!, (node, e) => Edit(node, e.Item1, e.Item2, e.Item3, e.Item4)).ToJsonString());

    public static Gen<FuzzCase> Cases { get; } =
        from json in ValidModel
        from mutate in Gen.Frequency((1, Gen.Const(false)), (3, Gen.Const(true)))
        from bytes in mutate ? Mutated(json) : Gen.Const(Encoding.UTF8.GetBytes(json))
        from loss in Gen.Bool
        from report in Gen.Bool
        let args = new List<string> { "check", "--model", FuzzCase.InDir("model.json"), "--batch-size", "4" }
            .Concat(loss ? ["--loss", "mean_squared_error"] : [])
            .Concat(report ? ["--report", FuzzCase.InDir("report.json")] : [])
            .Concat(FuzzModel.FastOptions)
        select new FuzzCase("model-json", [new("model.json", bytes)], args.ToArray(), report ? ["report.json"] : []);

    [Fact]
    public void GeneratedModelJsonKeepsTheContract() => FuzzRun.Sample(Cases, stream: 4, defaultIterations: 40);

    private static JsonObject Layer(string className, JsonObject settings)
    {
        settings["trainable"] = true;
        settings["dtype"] = "float32";
        return new JsonObject { ["class_name"] = className, ["config"] = settings };
    }

    private static string Model(int[] input, List<JsonObject> layers, bool functional, string loss)
    {
        var all = new List<JsonObject> { Layer("InputLayer", new JsonObject { ["batch_input_shape"] = new JsonArray([null, .. input.Select(d => (JsonNode)d)]), ["name"] = "input_1" }) };
        all.AddRange(layers);
        var counts = new Dictionary<string, int>();
        for (int i = 1; i < all.Count; i++)
        {
            string cls = all[i]["class_name"]!.GetValue<string>().ToLowerInvariant();
            int n = counts.GetValueOrDefault(cls);
            counts[cls] = n + 1;
            all[i]["config"]!["name"] = n == 0 ? cls : $"{cls}_{n}";
        }

        var config = new JsonObject { ["name"] = "model" };
        if (functional)
        {
            for (int i = 0; i < all.Count; i++)
            {
                string name = all[i]["config"]!["name"]!.GetValue<string>();
                all[i]["name"] = name;
                all[i]["inbound_nodes"] = i == 0 ? new JsonArray() : new JsonArray(new JsonArray(new JsonArray(all[i - 1]["name"]!.GetValue<string>(), 0, 0, new JsonObject())));
            }

            config["input_layers"] = new JsonArray(new JsonArray("input_1", 0, 0));
            config["output_layers"] = new JsonArray(new JsonArray(all[^1]["name"]!.GetValue<string>(), 0, 0));
        }

        config["layers"] = new JsonArray(all.Select(l => (JsonNode)l).ToArray());
        return new JsonObject
        {
            ["class_name"] = functional ? "Functional" : "Sequential",
            ["config"] = config,
            ["keras_version"] = "2.15.0",
            ["backend"] = "tensorflow",
            ["training_config"] = new JsonObject { ["loss"] = loss, ["optimizer_config"] = new JsonObject { ["class_name"] = "Adam", ["config"] = new JsonObject { ["learning_rate"] = 0.001 } } },
        }.ToJsonString();
    }

    // One edit at the node numbered pick (mod the count) of the kind the edit needs: 0-1 a number replaced by a hostile
    // one, 2 a value by another type, 3 a key deleted, 4 a value nested in a list, 5 a list replaced by its first
    // item, 6 a name made odd, 7 a layer repeated (a layer's class renamed when there are none).
    private static JsonNode Edit(JsonNode root, int kind, int pick, string number, string name)
    {
        var all = Walk(root).ToList();
        List<(JsonNode? Parent, object Key, JsonNode? Node)> Of(Func<JsonNode?, bool> want) => all.Where(n => n.Parent is not null && want(n.Node)).ToList();
        (JsonNode? Parent, object Key, JsonNode? Node)? Pick(List<(JsonNode? Parent, object Key, JsonNode? Node)> from) => from.Count == 0 ? null : from[pick % from.Count];
        switch (kind)
        {
            case 0 or 1:
                if (Pick(Of(n => n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number)) is { } num)
                {
                    Set(num, JsonNode.Parse(number));
                }

                break;
            case 2:
                if (Pick(Of(_ => true)) is { } any)
                {
                    Set(any, (pick / 7 % 6) switch { 0 => "text", 1 => null, 2 => true, 3 => new JsonArray(), 4 => new JsonObject(), _ => JsonValue.Create(number) });
                }

                break;
            case 3:
                if (Pick(all.Where(n => n.Parent is JsonObject).ToList()) is { } key)
                {
                    ((JsonObject)key.Parent!).Remove((string)key.Key);
                }

                break;
            case 4:
                if (Pick(Of(_ => true)) is { } wrapped)
                {
                    Set(wrapped, new JsonArray(wrapped.Node?.DeepClone()));
                }

                break;
            case 5:
                if (Pick(Of(n => n is JsonArray { Count: > 0 })) is { } list)
                {
                    Set(list, list.Node!.AsArray()[0]?.DeepClone());
                }

                break;
            case 6:
                if (Pick(all.Where(n => n.Key is "name" && n.Node is JsonValue).ToList()) is { } named)
                {
                    Set(named, name);
                }

                break;
            default:
                if (root is JsonObject { } r && r["config"] is JsonObject config && config["layers"] is JsonArray { Count: > 1 } layers)
                {
                    int at = 1 + (pick % (layers.Count - 1));
                    layers.Insert(at, layers[at]?.DeepClone());
                }
                else if (Pick(all.Where(n => n.Key is "class_name").ToList()) is { } cls)
                {
                    Set(cls, (pick % 5) switch { 0 => "Dense", 1 => "Conv2D", 2 => "LSTM", 3 => "Lambda", _ => name });
                }

                break;
        }

        return root;
    }

    private static void Set((JsonNode? Parent, object Key, JsonNode? Node) at, JsonNode? value)
    {
        if (at.Parent is JsonObject o)
        {
            o[(string)at.Key] = value;
        }
        else if (at.Parent is JsonArray a)
        {
            a[(int)at.Key] = value;
        }
    }

    private static IEnumerable<(JsonNode? Parent, object Key, JsonNode? Node)> Walk(JsonNode root)
    {
        var stack = new Stack<(JsonNode? Parent, object Key, JsonNode? Node)>();
        stack.Push((null, "", root));
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            yield return item;
            if (item.Node is JsonObject o)
            {
                foreach (var (k, v) in o.ToList())
                {
                    stack.Push((o, k, v));
                }
            }
            else if (item.Node is JsonArray a)
            {
                for (int i = 0; i < a.Count; i++)
                {
                    stack.Push((a, i, a[i]));
                }
            }
        }
    }
}
