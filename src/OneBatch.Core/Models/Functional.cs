using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// A model made of any graph of layers, like Keras's Functional API (<c>keras.Model(inputs, outputs)</c>): layers
/// applied to symbolic tensors from <see cref="Keras.Input"/> record the graph; the model runs it from
/// <c>inputs</c> to <c>outputs</c>. Branches, merges, shared layers (one layer called several
/// times shares its weights) and nested models all work; several inputs and outputs too.
/// <code>
/// var inputs = Keras.Input(shape: [32, 32, 3]);
/// var x = new Conv2D(16, [3, 3], padding: "same", activation: "relu").Apply(inputs);
/// var y = new Conv2D(16, [3, 3], padding: "same").Apply(x);
/// var outputs = new Dense(10, activation: "softmax").Apply(new Flatten().Apply(new Add().Apply(x, y)));
/// var model = new Functional(inputs, outputs);
/// </code>
/// The layers are built when the model is made (those not built yet draw their initial weights from a generator
/// seeded with <c>seed</c>, in the order of <see cref="Layers"/>).
/// </summary>
public sealed class Functional : Model
{
    private readonly Layer[] _layers;

    public Functional(KerasTensor inputs, KerasTensor outputs, string? name = null, int seed = 0)
        : this([inputs], [outputs], name, seed)
    {
    }

    public Functional(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null, int seed = 0)
        : this(inputs, outputs, name, seed, layerOrder: null, build: true)
    {
    }

    /// <param name="layerOrder">The layers in the order a model file lists them (their weights' order), instead of Keras's traversal order.</param>
    /// <param name="build">False to leave the layers unbuilt, for a model nested in another that builds it.</param>
    internal Functional(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name, int seed, IReadOnlyList<Layer>? layerOrder, bool build)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new ArgumentException("A Functional model needs at least one input and one output.");
        }

        Seed = seed;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null || !inputs[i].IsInput)
            {
                throw new ArgumentException($"Model input {i + 1} is not a model input (from Keras.Input or an InputLayer){(inputs[i] is null ? string.Empty : $": it comes from layer '{inputs[i].Layer.Name}'")}.");
            }

            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(inputs[i], inputs[j]))
                {
                    throw new ArgumentException($"The input '{inputs[i].Layer.Name}' is given twice.");
                }
            }
        }

        var graph = GraphOrder.Map(inputs, outputs);
        _layers = layerOrder is null ? graph.Layers.ToArray() : CheckOrder(layerOrder, graph.Layers);
        MakeNamesUnique(_layers);
        SetPlan(new GraphPlan(inputs, outputs, graph.Nodes));
        if (build)
        {
            Build(inputs.Select(t => t.Shape).ToArray(), new RandomGenerator(seed));
        }
    }

    /// <summary>The seed initial weights are drawn from when the model builds its layers.</summary>
    public int Seed { get; }

    public override string ClassName => "Functional";

    public override IReadOnlyList<Layer> Layers => _layers;

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        var inputs = Plan.Inputs;
        if (inputShapes.Count != inputs.Count)
        {
            throw new ArgumentException($"Model '{Name}' takes {inputs.Count} inputs; got {inputShapes.Count}.");
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputShapes[i] != inputs[i].Shape)
            {
                throw new ArgumentException($"Model '{Name}' expects input '{inputs[i].Layer.Name}' of per-sample shape {inputs[i].Shape}; got {inputShapes[i]}.");
            }
        }

        return Plan.Outputs.Select(t => t.Shape).ToArray();
    }

    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        // Layers build in the model's layer order, each from the shapes of its first call.
        var firstCall = new Dictionary<Layer, LayerNode>(ReferenceEqualityComparer.Instance);
        foreach (var step in Plan.Steps)
        {
            firstCall.TryAdd(step.Layer, step.Node);
        }

        foreach (var layer in _layers)
        {
            if (layer.Built || !firstCall.TryGetValue(layer, out var node))
            {
                continue;
            }

            try
            {
                layer.Build(node.Inputs.Select(t => t.Shape).ToArray(), BuildRandom);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Layer '{layer.Name}' of model '{Name}' cannot be built: {e.Message}", e);
            }
        }

        // Input layers are built too, so that every layer reports its shapes.
        foreach (var layer in _layers.OfType<InputLayer>())
        {
            if (!layer.Built)
            {
                layer.Build(layer.Shape, BuildRandom);
            }
        }
    }

    private static Layer[] CheckOrder(IReadOnlyList<Layer> order, IReadOnlyList<Layer> graph)
    {
        var inGraph = new HashSet<Layer>(graph, ReferenceEqualityComparer.Instance);
        var listed = new HashSet<Layer>(order, ReferenceEqualityComparer.Instance);
        foreach (var layer in graph)
        {
            if (!listed.Contains(layer))
            {
                throw new ArgumentException($"Layer '{layer.Name}' is in the model's graph but not in its list of layers.");
            }
        }

        // Layers listed but not reached from the outputs are left out, as Keras does.
        return order.Where(inGraph.Contains).ToArray();
    }

    private void MakeNamesUnique(Layer[] layers)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers.Where(l => l.HasExplicitName))
        {
            if (!taken.Add(layer.Name))
            {
                throw new ArgumentException($"Two layers of model '{Name}' are named '{layer.Name}'; layer names must be unique.");
            }
        }

        // Layers named by default (dense, sequential, ...) are renamed dense_1, ... as needed; weights already made keep their names.
        foreach (var layer in layers.Where(l => !l.HasExplicitName))
        {
            string name = layer.Name;
            for (int i = 1; !taken.Add(name); i++)
            {
                name = $"{layer.Name}_{i}";
            }

            layer.Name = name;
        }
    }
}
