using System.Text.Json;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.IO.Keras;

/// <summary>
/// Builds a model from the <c>{"class_name", "config"}</c> object of a Keras model file, in every version's form:
/// Sequential (its <c>config</c> a list of layers, or an object with <c>layers</c>), and Functional (<c>Functional</c>
/// or <c>Model</c>: layers wired by their <c>inbound_nodes</c>, with <c>input_layers</c> and <c>output_layers</c>).
/// Models nest as layers at any depth. Layer classes come from <see cref="LayerReaders"/>.
/// </summary>
/// <param name="keras3">The file is Keras 3's, whose <c>hard_sigmoid</c> differs from the earlier versions' and TensorFlow.js's.</param>
/// <param name="activityPenaltyPerSample">The Keras version that wrote the file divides activity penalties by the batch size.</param>
/// <param name="dryRun">Build with <see cref="RandomGenerator.ForDryRun"/>: weights with shapes and no storage, to estimate memory.</param>
internal sealed class ModelReader(string source, List<string> unsupportedInitializers, bool keras3 = false, bool activityPenaltyPerSample = true, bool dryRun = false)
{
    private string Source => source;

    /// <summary>The class name the file gives each layer it made (Keras 3 names weight groups after it).</summary>
    public Dictionary<Layer, string> ClassNames { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Reads a model. <paramref name="inputShapes"/> gives per-sample shapes for inputs whose file shape has unknown
    /// sizes (from the batch, or, for a nested model, from what flows into it). A nested model is left unbuilt: the
    /// model around it builds it, drawing from its own generator.
    /// </summary>
    public Model Read(JsonElement model, IReadOnlyList<Shape>? inputShapes, int seed, bool nested)
    {
        string className = ClassName(model) ?? throw new InputException($"{source}: a model has no class_name, so the file is not a Keras model.");
        var config = Property(model, "config") ?? throw new InputException($"{source}: the {className} model has no config.");
        return className switch
        {
            "Sequential" => ReadSequential(model, config, inputShapes, seed, nested),
            "Functional" or "Model" => ReadFunctional(model, config, inputShapes, seed, nested),
            _ => throw new InputException($"{source} holds a {className} model, which is not a Keras Sequential or Functional model."),
        };
    }

    /// <summary>The names and per-sample shapes (null sizes unknown) the inputs of a model declare, without building it.</summary>
    public static IReadOnlyList<(string Name, int?[]? Shape)> DeclaredInputs(JsonElement model, string source)
    {
        var config = Property(model, "config") ?? default;
        if (ClassName(model) == "Sequential")
        {
            var layers = SequentialLayers(config, source);
            string first = layers.Count > 0 ? NameOf(layers[0]) ?? "input" : "input";
            string name = layers.Count > 0 && ClassName(layers[0]) == "InputLayer" ? first : $"{first}_input";
            return [(name, SequentialInputShape(model, config, layers, source))];
        }

        var entries = FunctionalLayers(config, source);
        var byName = entries.ToDictionary(e => e.Name, e => e.Element);
        var inputs = Endpoints(config, "input_layers", source);
        return inputs.Select(r => (r.Layer, byName.TryGetValue(r.Layer, out var e) ? DeclaredShape(e, source) : null)).ToArray();
    }

    /// <summary>The names of the layers that give a model's outputs, in order.</summary>
    public static IReadOnlyList<string> OutputNames(JsonElement model, string source)
    {
        var config = Property(model, "config") ?? default;
        if (ClassName(model) == "Sequential")
        {
            var layers = SequentialLayers(config, source);
            return layers.Count == 0 ? [] : [NameOf(layers[^1]) ?? "output"];
        }

        var outputs = Endpoints(config, "output_layers", source);
        var names = new List<string>();
        foreach (var r in outputs)
        {
            string unique = r.Layer;
            for (int i = 1; names.Contains(unique); i++)
            {
                unique = $"{r.Layer}_{i}";
            }

            names.Add(unique);
        }

        return names;
    }

    private Model ReadSequential(JsonElement model, JsonElement config, IReadOnlyList<Shape>? inputShapes, int seed, bool nested)
    {
        var entries = SequentialLayers(config, source);
        string? name = (config.ValueKind == JsonValueKind.Object ? Property(config, "name")?.GetString() : null) ?? NameOf(model);
        string? labelModel = nested ? name ?? "sequential" : null;
        var declared = SequentialInputShape(model, config, entries, source);
        Shape? shape = Concrete(declared, inputShapes is { Count: > 0 } ? inputShapes[0] : (Shape?)null);
        var flowing = shape;
        var layers = new List<Layer>();
        for (int index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            string className = ClassName(entry) ?? throw new InputException($"{source}: layer {index + 1}{Within(labelModel)} has no class_name, so the file is not a Keras model.");
            var c = Config(entry, className, index, labelModel);
            if (className == "InputLayer")
            {
                if (layers.Count > 0)
                {
                    throw c.Error("comes after other layers; an InputLayer can only be first.");
                }

                continue;
            }

            Layer layer = LayerReaders.ModelClasses.Contains(className)
                ? Read(entry, flowing is Shape f ? [f] : null, seed, nested: true)
                : LayerReaders.Read(c);
            ClassNames[layer] = className;
            layers.Add(layer);
            flowing = Flow(layer, flowing);
        }

        if (layers.Count == 0)
        {
            layers.Add(shape is Shape only ? new InputLayer(only.ToArray(), InputName(entries)) : throw new InputException($"{source} is a Sequential model with no layers."));
        }

        Sequential sequential;
        try
        {
            sequential = new Sequential(layers, seed, name);
            if (config.ValueKind == JsonValueKind.Object && Property(config, "trainable") is { ValueKind: JsonValueKind.False })
            {
                sequential.Trainable = false;
            }

            if (!nested && shape is Shape s)
            {
                sequential.Build(s, dryRun ? RandomGenerator.ForDryRun() : new RandomGenerator(seed));
            }
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{source}: {(labelModel is null ? string.Empty : $"model '{labelModel}': ")}{e.Sentence()}", e);
        }

        return sequential;
    }

    private Model ReadFunctional(JsonElement model, JsonElement config, IReadOnlyList<Shape>? inputShapes, int seed, bool nested)
    {
        string name = Property(config, "name")?.GetString() ?? NameOf(model) ?? "functional";
        string here = nested ? $"model '{name}'" : "the model";
        var entries = FunctionalLayers(config, source);
        var byName = new Dictionary<string, (JsonElement Element, int Index, IReadOnlyList<CallSpec> Calls)>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            var (layerName, element) = entries[i];
            var label = Config(element, ClassName(element) ?? "?", i, nested ? name : null, layerName);
            var parameters = LayerReaders.Calls.TryGetValue(ClassName(element) ?? string.Empty, out var reader) ? reader.Parameters : null;
            var calls = InboundNodes.Read(Property(element, "inbound_nodes"), m => label.Error(m + "."));
            byName[layerName] = (element, i, calls.Select(call => call.Arranged(parameters)).ToArray());
        }

        var inputRefs = Endpoints(config, "input_layers", source, here);
        var outputRefs = Endpoints(config, "output_layers", source, here);

        foreach (var r in inputRefs.Concat(outputRefs))
        {
            if (!byName.ContainsKey(r.Layer))
            {
                throw Error($"lists '{r.Layer}' among its inputs or outputs, but has no layer of that name", here);
            }
        }

        foreach (var (layerName, (_, _, layerCalls)) in byName)
        {
            foreach (var r in layerCalls.SelectMany(c => c.Inputs))
            {
                if (!byName.ContainsKey(r.Layer))
                {
                    throw Error($"wires layer '{layerName}' to an input from '{r.Layer}', which is not a layer of the model", here);
                }
            }
        }

        var graph = new Wiring(this, byName, ImplicitMasks.Find(byName), entries, inputRefs, outputRefs, inputShapes, seed, nested ? name : null, here);
        var inputs = inputRefs.Select(r => graph.Resolve(r, "the model's inputs", endpoint: true)).ToArray();
        foreach (var (t, r) in inputs.Zip(inputRefs))
        {
            if (!t.IsInput)
            {
                throw Error($"lists {r} among its input_layers, but that layer is not an InputLayer", here);
            }
        }

        graph.Run();
        var outputs = outputRefs.Select(r => graph.Resolve(r, "the model's outputs", endpoint: true)).ToArray();
        try
        {
            var functional = new Functional(inputs, outputs, name, seed, graph.Order(), build: !nested && !dryRun);
            if (!nested && dryRun)
            {
                functional.Build(inputs.Select(t => t.Shape).ToArray(), RandomGenerator.ForDryRun());
            }

            if (Property(config, "trainable") is { ValueKind: JsonValueKind.False })
            {
                functional.Trainable = false;
            }

            return functional;
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{source}: {here}: {e.Sentence()}", e);
        }
    }

    /// <summary>Applies each layer of a Functional model file to its inputs, call by call, in an order where inputs come first.</summary>
    private sealed class Wiring
    {
        private readonly ModelReader _reader;
        private readonly Dictionary<string, (JsonElement Element, int Index, IReadOnlyList<CallSpec> Calls)> _byName;
        private readonly IReadOnlySet<string> _maskOps;
        private readonly IReadOnlyList<(string Name, JsonElement Element)> _entries;
        private readonly Dictionary<string, List<KerasTensor[]>> _outputs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Layer> _layers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _offset = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _endpointOffset = new(StringComparer.Ordinal);
        private readonly bool _keras3;
        private readonly int _seed;
        private readonly string? _model;
        private readonly string _here;

        public Wiring(
            ModelReader reader, Dictionary<string, (JsonElement Element, int Index, IReadOnlyList<CallSpec> Calls)> byName, IReadOnlySet<string> maskOps,
            IReadOnlyList<(string Name, JsonElement Element)> entries, IReadOnlyList<TensorRef> inputs, IReadOnlyList<TensorRef> outputs,
            IReadOnlyList<Shape>? inputShapes, int seed, string? model, string here)
        {
            _reader = reader;
            _byName = byName;
            _maskOps = maskOps;
            _entries = entries;
            _seed = seed;
            _model = model;
            _here = here;

            // Keras does not save the call that made a nested model. Keras 1, 2 and TF.js then count such a model's
            // calls from 1 everywhere (its inbound nodes and the model's outputs alike: a reference past the calls
            // listed shows it); Keras 3 counts from 0 in the tensors of inbound nodes and from 1 only in input_layers
            // and output_layers, and only for a nested Functional model.
            _keras3 = byName.Values.Any(v => v.Calls.Any(c => c.Keras3));
            var references = byName.Values.SelectMany(v => v.Calls).SelectMany(c => c.Inputs).Concat(outputs).ToList();
            foreach (var (name, (element, _, calls)) in byName)
            {
                string className = ClassName(element) ?? string.Empty;
                bool isModel = LayerReaders.ModelClasses.Contains(className);
                _offset[name] = !isModel ? 0 : _keras3 ? 0 : references.Any(r => r.Layer == name && r.Node >= calls.Count) ? 1 : 0;
                _endpointOffset[name] = _keras3 && className is "Functional" or "Model" ? 1 : _offset[name];
            }

            foreach (var (name, (element, index, calls)) in byName)
            {
                foreach (var (user, (_, _, userCalls)) in byName)
                {
                    foreach (var r in userCalls.SelectMany(c => c.Inputs).Where(r => r.Layer == name))
                    {
                        if (ClassName(element) != "InputLayer" && r.Node - _offset[name] >= calls.Count)
                        {
                            throw reader.Config(element, ClassName(element) ?? "?", index, model, name).Error(
                                $"is called {calls.Count} time(s), but its call {r.Node} is taken by layer '{user}'.");
                        }
                    }
                }
            }

            for (int k = 0; k < inputs.Count; k++)
            {
                var (element, index, _) = byName[inputs[k].Layer];
                if (ClassName(element) != "InputLayer")
                {
                    continue;
                }

                var declared = DeclaredShape(element, reader.Source);
                var hint = inputShapes is not null && k < inputShapes.Count ? inputShapes[k] : (Shape?)null;
                var shape = Concrete(declared, hint) ?? throw reader.Config(element, "InputLayer", index, model, inputs[k].Layer).Error(
                    declared is null
                        ? "declares no input shape."
                        : $"has per-sample shape {Describe(declared)}, with sizes that are not known; give a batch to read them from.");
                _outputs[inputs[k].Layer] = [[new InputLayer(shape.ToArray(), inputs[k].Layer).Output]];
            }
        }

        /// <param name="endpoint">True for a reference from input_layers or output_layers, false for one from an inbound node.</param>
        public KerasTensor Resolve(TensorRef r, string what, bool endpoint = false)
        {
            var (element, index, _) = _byName[r.Layer];
            var label = _reader.Config(element, ClassName(element) ?? "?", index, _model, r.Layer);
            if (!_outputs.TryGetValue(r.Layer, out var calls))
            {
                throw label.Error(ClassName(element) == "InputLayer"
                    ? $"is used by {what} but is not among the model's input_layers."
                    : $"is never called on the model's inputs, but {what} use its output.");
            }

            int call = ClassName(element) == "InputLayer" ? 0 : r.Node - (endpoint ? _endpointOffset : _offset)[r.Layer];
            if (call < 0 || call >= calls.Count)
            {
                throw label.Error($"is called {calls.Count} time(s), but its call {r.Node} is taken by {what}.");
            }

            if (r.Tensor >= calls[call].Length)
            {
                throw label.Error($"gives {calls[call].Length} output(s), but its output {r.Tensor} is taken by {what}.");
            }

            return calls[call][r.Tensor];
        }

        /// <summary>Calls every layer on its inputs, in rounds, until every call is made; fails on a cycle.</summary>
        public void Run()
        {
            var done = _entries.ToDictionary(e => e.Name, _ => 0, StringComparer.Ordinal);
            while (true)
            {
                bool progress = false, pending = false;
                foreach (var (name, element) in _entries)
                {
                    var calls = _byName[name].Calls;
                    while (done[name] < calls.Count && ClassName(element) != "InputLayer" && !_maskOps.Contains(name))
                    {
                        if (!calls[done[name]].Inputs.All(Ready))
                        {
                            pending = true;
                            break;
                        }

                        Call(name, element, calls[done[name]]);
                        done[name]++;
                        progress = true;
                    }
                }

                if (!pending)
                {
                    return;
                }

                if (!progress)
                {
                    var stuck = _entries.Where(e => done[e.Name] < _byName[e.Name].Calls.Count && ClassName(e.Element) != "InputLayer" && !_maskOps.Contains(e.Name)).Select(e => $"'{e.Name}'");
                    throw _reader.Error($"wires layers {string.Join(", ", stuck.Take(6))} so that each waits for another's output: the graph has a cycle, or a layer's input is never computed", _here);
                }
            }
        }

        /// <summary>The layers in the order the file lists them (their weights' order).</summary>
        public IReadOnlyList<Layer> Order() => _entries.Where(e => _layers.ContainsKey(e.Name) || _outputs.ContainsKey(e.Name))
            .Select(e => _layers.TryGetValue(e.Name, out var l) ? l : _outputs[e.Name][0][0].Layer).ToArray();

        private bool Ready(TensorRef r)
        {
            if (!_outputs.TryGetValue(r.Layer, out var calls))
            {
                return false;
            }

            int call = ClassName(_byName[r.Layer].Element) == "InputLayer" ? 0 : r.Node - _offset[r.Layer];
            return call < calls.Count;
        }

        private void Call(string name, JsonElement element, CallSpec spec)
        {
            var (_, index, _) = _byName[name];
            string className = ClassName(element)!;
            var c = _reader.Config(element, className, index, _model, name);
            if (spec.Inputs.Count == 0)
            {
                throw c.Error("has a call with no inputs.");
            }

            var inputs = spec.Inputs.Select(r => Resolve(r, $"layer '{name}'")).ToArray();
            bool first = !_layers.TryGetValue(name, out var layer);
            if (layer is null)
            {
                layer = LayerReaders.ModelClasses.Contains(className)
                    ? _reader.Read(element, inputs.Select(t => t.Shape).ToArray(), _seed, nested: true)
                    : LayerReaders.Read(c);
                _layers[name] = layer;
                _reader.ClassNames[layer] = className;
            }

            if (spec.Unread.FirstOrDefault(a => !ImplicitMasks.Feeds(spec, a, _maskOps)) is { } unread)
            {
                throw c.Error(Unread(unread, className));
            }

            if (LayerReaders.Calls.TryGetValue(className, out var callReader))
            {
                callReader.Apply(layer, spec, first, c);
            }

            KerasTensor[] outputs;
            try
            {
                outputs = layer.ApplyAll(inputs);
            }
            catch (ArgumentException e)
            {
                throw c.Error($"cannot take its inputs ({string.Join(", ", spec.Inputs)}): {e.Sentence()}");
            }

            if (!_outputs.TryGetValue(name, out var list))
            {
                _outputs[name] = list = [];
            }

            list.Add(outputs);
        }
    }

    // Why a call's tensor argument is not taken: masks travel with the tensors in OneBatch, other arguments are not read.
    private static string Unread(string argument, string className)
    {
        string what = argument.StartsWith("positional", StringComparison.Ordinal) ? argument : $"{argument} argument";
        return argument == "mask" || argument.EndsWith("_mask", StringComparison.Ordinal)
            ? $"is called with a tensor as its {what}; OneBatch takes masks only from the layers that make them (Embedding with mask_zero, Masking), carried beside each tensor."
            : $"is called with a tensor as its {what}, which OneBatch does not read for {className}.";
    }

    private KerasConfig Config(JsonElement entry, string className, int index, string? model, string? name = null) =>
        new(Property(entry, "config") ?? default, className, index, source, name ?? NameOf(entry), model, unsupportedInitializers, keras3)
        {
            ActivityPenaltyPerSample = activityPenaltyPerSample,
            Module = Property(entry, "module") is { ValueKind: JsonValueKind.String } m ? m.GetString() : null,
        };

    private InputException Error(string message, string where) => new($"{source}: {where} {message}.");

    private static string Within(string? outer) => outer is null ? string.Empty : $" of model '{outer}'";

    // How a shape flows through a layer, when it can be known before building (for a nested model's unknown sizes).
    private static Shape? Flow(Layer layer, Shape? shape)
    {
        if (shape is not Shape s)
        {
            return null;
        }

        try
        {
            var outputs = layer.ComputeOutputShapes([s]);
            return outputs.Count == 1 ? outputs[0] : (Shape?)null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static IReadOnlyList<JsonElement> SequentialLayers(JsonElement config, string source) => config.ValueKind switch
    {
        JsonValueKind.Array => config.EnumerateArray().ToArray(),
        JsonValueKind.Object when Property(config, "layers") is { ValueKind: JsonValueKind.Array } l => l.EnumerateArray().ToArray(),
        _ => throw new InputException($"{source} is a Sequential model without a list of layers."),
    };

    private static IReadOnlyList<(string Name, JsonElement Element)> FunctionalLayers(JsonElement config, string source)
    {
        if (config.ValueKind != JsonValueKind.Object || Property(config, "layers") is not { ValueKind: JsonValueKind.Array } layers)
        {
            throw new InputException($"{source} is a Functional model without a list of layers.");
        }

        var list = new List<(string, JsonElement)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var e in layers.EnumerateArray())
        {
            index++;
            string name = NameOf(e) ?? throw new InputException($"{source}: layer {index} of the Functional model has no name, so no other layer can take its output.");
            if (ClassName(e) is null)
            {
                throw new InputException($"{source}: layer {index} '{name}' has no class_name, so the file is not a Keras model.");
            }

            if (!seen.Add(name))
            {
                throw new InputException($"{source}: two layers of the Functional model are named '{name}'; layer names must be unique, since layers refer to each other by name.");
            }

            list.Add((name, e));
        }

        return list;
    }

    // A Functional model's input_layers or output_layers: at least one reference.
    private static IReadOnlyList<TensorRef> Endpoints(JsonElement config, string key, string source, string where = "the model")
    {
        var refs = Property(config, key) is { } v ? InboundNodes.Endpoints(v, m => new InputException($"{source}: {where} {m}."), key) : [];
        return refs.Count > 0 ? refs : throw new InputException($"{source}: {where} names no {key}, so its {(key == "input_layers" ? "inputs" : "outputs")} are not known.");
    }

    /// <summary>The per-sample input shape a Sequential declares: on its first layer (or the first layer of a model nested first), or in its build config.</summary>
    private static int?[]? SequentialInputShape(JsonElement model, JsonElement config, IReadOnlyList<JsonElement> layers, string source)
    {
        if (layers.Count > 0)
        {
            var first = layers[0];
            if (DeclaredShape(first, source) is { } declared)
            {
                return declared;
            }

            if (ClassName(first) is string c && LayerReaders.ModelClasses.Contains(c))
            {
                var inner = DeclaredInputs(first, source);
                if (inner.Count == 1 && inner[0].Shape is { } shape)
                {
                    return shape;
                }
            }
        }

        // Keras 3 records the built input shape on the Sequential itself.
        foreach (var (holder, key) in new[] { (config, "build_input_shape"), (Property(model, "build_config") ?? default, "input_shape") })
        {
            if (holder.ValueKind == JsonValueKind.Object && Property(holder, key) is { } v && KerasConfig.Items(v) is { } items)
            {
                var dims = items.Select(i => KerasConfig.AsInt(i)).ToArray();
                if (dims.Skip(1).FirstOrDefault(d => d is <= 0) is int bad)
                {
                    throw new InputException($"{source}: the Sequential model declares {key} {Describe(dims)}, whose size {bad} is not positive; each size must be at least 1, or null for one not known.");
                }

                return dims.Length >= 2 ? dims[1..] : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The per-sample shape a layer entry declares (<c>batch_shape</c>, <c>batch_input_shape</c>, <c>build_input_shape</c>,
    /// <c>shape</c>, <c>input_shape</c>, or its build config), or null.
    /// </summary>
    private static int?[]? DeclaredShape(JsonElement entry, string source)
    {
        var c = new KerasConfig(Property(entry, "config") ?? default, ClassName(entry) ?? "?", 0, source);
        var batch = c.ShapeDims("batch_shape") ?? c.ShapeDims("batch_input_shape") ?? c.ShapeDims("build_input_shape");
        if (batch is { Length: >= 1 })
        {
            return batch[1..];
        }

        // shape (an InputLayer's) and input_shape (the keyword a layer is given in Python) leave out the batch.
        if ((c.ShapeDims("shape") ?? c.ShapeDims("input_shape")) is { } shape)
        {
            return shape;
        }

        if (Property(entry, "build_config") is { } bc && new KerasConfig(bc, ClassName(entry) ?? "?", 0, source, c.Name).ShapeDims("input_shape") is { Length: >= 1 } built)
        {
            return built[1..];
        }

        // Keras 1 declares a first layer's input by input_dim (and input_length for sequences); an Embedding's
        // input_dim is its vocabulary, so only input_length tells its shape.
        int length = c.Int("input_length", 0);
        if (ClassName(entry) == "Embedding")
        {
            return length > 0 ? [length] : null;
        }

        int dim = c.Int("input_dim", 0);
        return dim <= 0 ? null : length > 0 ? [length, dim] : [dim];
    }

    // A declared shape with its unknown sizes taken from the hint (when the ranks agree), or the hint alone.
    private static Shape? Concrete(int?[]? declared, Shape? hint)
    {
        if (declared is not null && declared.All(d => d is > 0))
        {
            return new Shape(declared.Select(d => d!.Value).ToArray());
        }

        if (hint is not Shape h)
        {
            return null;
        }

        if (declared is null)
        {
            return h;
        }

        if (declared.Length != h.Rank)
        {
            return null;
        }

        var dims = new int[h.Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = declared[i] is > 0 and int d ? d : h[i];
        }

        return new Shape(dims);
    }

    private static string? InputName(IReadOnlyList<JsonElement> layers) =>
        layers.Count > 0 && ClassName(layers[0]) == "InputLayer" ? NameOf(layers[0]) : null;

    private static string Describe(int?[] shape) => "[" + string.Join(", ", shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")) + "]";

    internal static string? ClassName(JsonElement e) =>
        Property(e, "class_name") is { ValueKind: JsonValueKind.String } cn ? cn.GetString() : null;

    private static string? NameOf(JsonElement e)
    {
        if (Property(e, "name") is { ValueKind: JsonValueKind.String } n)
        {
            return n.GetString();
        }

        return Property(e, "config") is { ValueKind: JsonValueKind.Object } c && Property(c, "name") is { ValueKind: JsonValueKind.String } cn ? cn.GetString() : null;
    }

    internal static JsonElement? Property(JsonElement holder, string key)
    {
        if (holder.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if ((holder.TryGetProperty(key, out var v) || holder.TryGetProperty(KerasConfig.CamelCase(key), out v)) && v.ValueKind != JsonValueKind.Null)
        {
            return v;
        }

        return null;
    }
}
