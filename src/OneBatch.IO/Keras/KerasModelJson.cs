using System.Text.Json;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.IO.Keras;

/// <summary>A model read from a Keras model file, with what the file says about training.</summary>
/// <param name="Format">Where the JSON came from: <c>Keras 3</c>, <c>tf.keras 2</c> or <c>TensorFlow.js</c>.</param>
/// <param name="Losses">The loss the file's training or compile config gives each output (null for an output it gives none), or null when it names no loss.</param>
/// <param name="LossWeights">The weight of each output's loss (Keras's <c>loss_weights</c>), or null for 1 each.</param>
/// <param name="UnsupportedInitializers">Initializers the engine lacks (placeholders were used): fine when initial weights are given.</param>
public sealed record ImportedModel(Model Model, string Format, IReadOnlyList<LossSpec?>? Losses, IReadOnlyList<float>? LossWeights, IReadOnlyList<string> UnsupportedInitializers)
{
    /// <summary>The loss of the (first) output, if the file names one.</summary>
    public string? Loss => Losses is { Count: > 0 } l ? l[0]?.Name : null;

    /// <summary>True when the (first) output's loss is configured with <c>from_logits</c>.</summary>
    public bool FromLogits => Losses is { Count: > 0 } l && l[0]?.FromLogits == true;

    /// <summary>The class name the file gives each layer (Keras 3 weight files name their groups after it).</summary>
    public IReadOnlyDictionary<Layer, string> ClassNames { get; init; } = new Dictionary<Layer, string>();
}

/// <summary>
/// A Keras model file read but not yet built: what <c>model.to_json()</c> writes (tf.keras 2.x and Keras 3, Sequential
/// or Functional, models nested at any depth), what TensorFlow.js writes (<c>model.toJSON()</c>, or a <c>model.json</c>
/// with a <c>modelTopology</c>), or that JSON text saved as a JSON string. Its inputs' names and declared shapes are
/// known before it is built, so a batch can be read for them first, and sizes the file leaves unknown taken from it.
/// </summary>
public sealed class KerasModelFile
{
    private readonly JsonElement _model;
    private readonly IReadOnlyList<JsonElement> _trainingConfigs;
    private JsonElement? _manifest;

    private KerasModelFile(JsonElement model, string source, string format, IReadOnlyList<JsonElement> trainingConfigs, string? version = null)
    {
        _model = model;
        _trainingConfigs = trainingConfigs;
        KerasVersion = version;
        Source = source;
        Format = format;
        var inputs = ModelReader.DeclaredInputs(model, source);
        InputNames = inputs.Select(i => i.Name).ToArray();
        DeclaredInputShapes = inputs.Select(i => i.Shape).ToArray();
        OutputNames = ModelReader.OutputNames(model, source);
        (Losses, LossWeights) = TrainingConfig.Read(trainingConfigs, OutputNames, source);
    }

    /// <summary>Names the file in messages (quoted path).</summary>
    public string Source { get; }

    public string Format { get; }

    /// <summary>The <c>keras_version</c> the file records, if any.</summary>
    public string? KerasVersion { get; }

    /// <summary>The names of the model's inputs, in order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Each input's per-sample shape as the file declares it (null sizes are unknown; null when it declares none).</summary>
    public IReadOnlyList<int?[]?> DeclaredInputShapes { get; }

    /// <summary>The names of the layers that give the model's outputs, in order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The loss the file gives each output (null for one it gives none), or null when it names no loss.</summary>
    public IReadOnlyList<LossSpec?>? Losses { get; }

    /// <summary>The weight of each output's loss, or null for 1 each.</summary>
    public IReadOnlyList<float>? LossWeights { get; }

    /// <summary>
    /// The optimizer the model was compiled with, serialized as the file has it (Keras 2 and TF.js
    /// <c>training_config.optimizer_config</c>, Keras 3 <c>compile_config.optimizer</c>), or null when it names none.
    /// </summary>
    public JsonElement? Optimizer => _trainingConfigs
        .Select(c => ModelReader.Property(c, "optimizer_config") ?? ModelReader.Property(c, "optimizer"))
        .FirstOrDefault(o => o is { ValueKind: JsonValueKind.Object or JsonValueKind.String });

    /// <summary>The weights the file carries, when it is a <c>.keras</c>, a full <c>.h5</c> or a TF.js model with shards.</summary>
    internal Saved.FileWeights? Weights { get; private init; }

    /// <summary>
    /// Reads a model file of any kind Keras writes: JSON (<c>to_json()</c>, TF.js <c>model.json</c> — whose weight shards
    /// are then its weights), a Keras 3 <c>.keras</c> zip (<c>config.json</c> and <c>model.weights.h5</c>), or a Keras 2
    /// full-model <c>.h5</c> (<c>model_config</c>, <c>training_config</c> and <c>model_weights</c>); by content, not name.
    /// </summary>
    public static KerasModelFile Load(string path)
    {
        var bytes = Data.InputFile.ReadAllBytes(path);
        string source = $"'{path}'";
        if (SavedModelFiles.IsZip(bytes))
        {
            return SavedModelFiles.ReadKeras3(bytes, source);
        }

        if (Saved.Hdf5.IsHdf5(bytes))
        {
            return SavedModelFiles.ReadFullHdf5(bytes, source);
        }

        var file = Parse(bytes, source);
        if (file._manifest is { } manifest)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            if (!Saved.TfjsWeights.AnyShardBeside(manifest, folder))
            {
                // The model.json alone (copied without its shards): its architecture is still worth checking.
                return file.WithNote($"{source} lists weight shards, none of which is beside it: the check starts from weights drawn from the model's initializers.");
            }

            return file.WithWeights(new Saved.FileWeights(
                $"{source} (its weight shards)",
                (model, _) => Saved.TfjsWeights.Assign(model, Saved.TfjsWeights.Read(manifest, folder, source), source)));
        }

        return file;
    }

    internal KerasModelFile WithWeights(Saved.FileWeights weights) =>
        new(_model, Source, Format, _trainingConfigs, KerasVersion) { Weights = weights, _manifest = _manifest, Notes = Notes };

    private KerasModelFile WithNote(string note) =>
        new(_model, Source, Format, _trainingConfigs, KerasVersion) { Weights = Weights, _manifest = _manifest, Notes = [.. Notes, note] };

    /// <summary>Remarks from reading the file, for the report (weights it names but that are not there, ...).</summary>
    public IReadOnlyList<string> Notes { get; private init; } = [];

    /// <summary>Reads a model file's JSON; <paramref name="source"/> names it in error messages.</summary>
    public static KerasModelFile Parse(ReadOnlyMemory<byte> json, string source) => Parse(json, source, null);

    /// <summary>As <see cref="Parse(ReadOnlyMemory{byte}, string)"/>, with the Keras version the file's container records (a .keras's metadata.json).</summary>
    internal static KerasModelFile Parse(ReadOnlyMemory<byte> json, string source, string? kerasVersion)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            root = document.RootElement.Clone();

            // json.dump(model.to_json()) stores the JSON text as a JSON string (json.dumps of that, a string again).
            for (int depth = 0; depth < 3 && root.ValueKind == JsonValueKind.String; depth++)
            {
                using var inner = JsonDocument.Parse(root.GetString()!, Options);
                root = inner.RootElement.Clone();
            }

            // A .h5 file's attributes copied out keep model_config and training_config as JSON text.
            root = WithDecoded(root, "model_config", "training_config");

            root = JsonText.WithoutTuples(root);
        }
        catch (JsonException e)
        {
            throw new InputException($"{source} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", e);
        }

        try
        {
            return FromRoot(root, source, kerasVersion);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            // A value of the wrong JSON kind where the format expects another (a number for a name, ...).
            throw new InputException($"{source} does not have the form of a Keras model: {e.Message}", e);
        }
    }

    /// <summary>
    /// Builds the model, drawing initial weights from <paramref name="seed"/>. <paramref name="inputShapes"/> (the
    /// batch's per-sample shapes, one per input) fills the sizes the file leaves unknown; without it a Sequential model
    /// with an unknown input shape is left to build on its first call.
    /// </summary>
    public ImportedModel Build(int seed = 0, IReadOnlyList<Shape>? inputShapes = null) => Build(seed, inputShapes, dryRun: false);

    /// <summary>
    /// The model built by a dry run (<see cref="RandomGenerator.ForDryRun"/>) for per-sample input shapes: its weights
    /// have shapes and no storage, for counting and estimating memory before the real build; it cannot run.
    /// </summary>
    public Model DryRun(IReadOnlyList<Shape> inputShapes)
    {
        var model = Build(0, inputShapes, dryRun: true).Model;
        if (!model.Built)
        {
            model.Build(inputShapes, RandomGenerator.ForDryRun());
        }

        return model;
    }

    private ImportedModel Build(int seed, IReadOnlyList<Shape>? inputShapes, bool dryRun)
    {
        var unsupported = new List<string>();
        try
        {
            var reader = new ModelReader(Source, unsupported, Format == "Keras 3", ActivityPenaltyPerSample(Format, KerasVersion), dryRun);
            var model = reader.Read(_model, inputShapes, seed, nested: false);
            return new ImportedModel(model, Format, Losses, LossWeights, unsupported) { ClassNames = reader.ClassNames };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new InputException($"{Source} does not have the form of a Keras model: {e.Message}", e);
        }
    }

    // The object with each of its keys that holds JSON text replaced by the value the text holds.
    private static JsonElement WithDecoded(JsonElement root, params string[] keys)
    {
        if (root.ValueKind != JsonValueKind.Object || !keys.Any(k => root.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String))
        {
            return root;
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(root.GetRawText(), documentOptions: Options)!.AsObject();
        foreach (string key in keys)
        {
            if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
            {
                node[key] = System.Text.Json.Nodes.JsonNode.Parse(v.GetString()!, documentOptions: Options);
            }
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private static KerasModelFile FromRoot(JsonElement root, string source, string? containerVersion)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw NotAModel(source);
        }

        string format = "tf.keras 2";
        var model = root;
        var trainingConfigs = new List<JsonElement>();
        AddIfObject(trainingConfigs, root, "training_config", "compile_config");
        if (ModelReader.Property(root, "modelTopology") is { ValueKind: JsonValueKind.Object } topology)
        {
            format = "TensorFlow.js";
            model = topology;
            AddIfObject(trainingConfigs, topology, "training_config");
        }

        if (ModelReader.Property(model, "model_config") is { ValueKind: JsonValueKind.Object } inner)
        {
            model = inner;
            AddIfObject(trainingConfigs, model, "compile_config");
        }

        if (ModelReader.ClassName(model) is null || ModelReader.Property(model, "config") is null)
        {
            throw NotAModel(source);
        }

        string? version = ModelReader.Property(model, "keras_version")?.ToString() ?? ModelReader.Property(root, "keras_version")?.ToString() ?? containerVersion;
        string? backend = ModelReader.Property(model, "backend")?.ToString() ?? ModelReader.Property(root, "backend")?.ToString();
        if (format != "TensorFlow.js")
        {
            if (version?.StartsWith("tfjs", StringComparison.Ordinal) == true || backend == "tensor_flow.js")
            {
                format = "TensorFlow.js";
            }
            else if (version?.StartsWith('3') == true || ModelReader.Property(model, "module") is not null)
            {
                format = "Keras 3";
            }
        }

        var manifest = format == "TensorFlow.js" && ModelReader.Property(root, "weightsManifest") is { ValueKind: not JsonValueKind.Null } m ? m : (JsonElement?)null;
        return new KerasModelFile(model, source, format, trainingConfigs, version) { _manifest = manifest };
    }

    /// <summary>
    /// Whether the Keras that wrote the file divided an activity regularizer's penalty by the batch size: Keras 1 (a
    /// mean over the batch), tf.keras 2 (whose versions end in -tf up to 2.3, then 2.4 on) and Keras 3.14 on did;
    /// standalone Keras 2.0 to 2.3 and Keras 3 before 3.14 added the sum over the batch. Unknown versions divide.
    /// </summary>
    internal static bool ActivityPenaltyPerSample(string format, string? version)
    {
        if (format == "TensorFlow.js" || version is null || version.EndsWith("-tf", StringComparison.Ordinal))
        {
            return true;
        }

        var parts = version.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out int major) || !int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), out int minor))
        {
            return true;
        }

        return major switch
        {
            2 => minor >= 4,
            3 => minor >= 14,
            _ => true,
        };
    }

    private static void AddIfObject(List<JsonElement> list, JsonElement holder, params string[] keys)
    {
        foreach (string key in keys)
        {
            if (ModelReader.Property(holder, key) is { ValueKind: JsonValueKind.Object } v)
            {
                list.Add(v);
            }
        }
    }

    private static InputException NotAModel(string source) =>
        new($"{source} is not a Keras model (no class_name and config at its top, nor a TensorFlow.js modelTopology).");
}

/// <summary>Reads a Keras model file and builds its model in one go (see <see cref="KerasModelFile"/>).</summary>
public static class KerasModelJson
{
    public static ImportedModel Load(string path, int seed = 0) => KerasModelFile.Load(path).Build(seed);

    /// <summary>Imports from JSON text; <paramref name="source"/> names it in error messages.</summary>
    public static ImportedModel Parse(string json, int seed, string source) =>
        KerasModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(json), source).Build(seed);
}
