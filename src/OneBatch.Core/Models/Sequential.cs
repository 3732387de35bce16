using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// A plain stack of layers, each feeding the next, like <c>keras.Sequential</c>: the straight-line case of a
/// <see cref="Functional"/> model (once built it runs the same kind of graph). When the first layer declares its
/// input shape (<c>inputShape:</c> or an <see cref="InputLayer"/>) the model builds at once, inferring every layer's
/// shape and reporting the first one that does not fit; otherwise it builds on its first call.
/// Initial weights are drawn from a generator seeded with <c>seed</c>.
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];
    private readonly RandomGenerator _random;

    public Sequential(IEnumerable<Layer> layers, int seed = 0, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _random = new RandomGenerator(seed);
        Seed = seed;
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    public Sequential(int seed = 0, string? name = null)
        : this([], seed, name)
    {
    }

    private protected override RandomGenerator LazyBuildRandom => _random;

    /// <summary>The seed the initial weights are drawn from (unless <see cref="Layer.Build(Shape, RandomGenerator)"/> is given another generator).</summary>
    public int Seed { get; }

    public override IReadOnlyList<Layer> Layers => _layers;

    public override string ClassName => "Sequential";

    /// <summary>Appends a layer; its name is made unique within the model.</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer))
        {
            throw new ArgumentException($"Layer '{layer.Name}' is already in the model.");
        }

        if (!layer.HasExplicitName)
        {
            layer.Name = UniqueName(layer.Name);
        }
        else if (_layers.Any(l => l.Name == layer.Name))
        {
            throw new ArgumentException($"The model already has a layer named '{layer.Name}'.");
        }

        _layers.Add(layer);
        Variable.Touch();
        if (_layers.Count == 1 && layer.DeclaredInputShape is Shape declared)
        {
            Build(declared, _random);
        }
        else if (Built)
        {
            SetOutputShapes(BuildLayer(layer, _layers.Count - 1, OutputShape!.Value, _random));
            Chain(InputShape!.Value);
        }
    }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var shape = inputShape;
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            try
            {
                var outputs = layer.Built ? layer.OutputShapes : layer.ComputeOutputShapes([shape]);
                if (outputs.Count != 1)
                {
                    throw new ArgumentException($"'{layer.Name}' gives {outputs.Count} outputs; a Sequential model's layers give one each.");
                }

                shape = outputs[0];
            }
            catch (ArgumentException e)
            {
                throw InLayer(i, layer, e);
            }
        }

        return shape;
    }

    protected override void Build(Shape inputShape)
    {
        var shape = inputShape;
        for (int i = 0; i < _layers.Count; i++)
        {
            shape = BuildLayer(_layers[i], i, shape, BuildRandom);
        }

        Chain(inputShape);
    }

    // The graph of a stack: an input, then each layer applied to the previous one's output.
    private void Chain(Shape inputShape)
    {
        var input = new InputLayer(inputShape.ToArray(), $"{Name}_input").Output;
        var nodes = new List<LayerNode>(_layers.Count);
        var h = input;
        foreach (var layer in _layers)
        {
            h = layer.Apply(h);
            nodes.Add(h.Producer);
        }

        SetPlan(new GraphPlan([input], [h], nodes));
    }

    private static Shape BuildLayer(Layer layer, int index, Shape inputShape, RandomGenerator random)
    {
        try
        {
            layer.Build(inputShape, random);
        }
        catch (ArgumentException e)
        {
            throw InLayer(index, layer, e);
        }

        if (layer.OutputShapes.Count != 1)
        {
            throw new ArgumentException($"Layer {index + 1} of the model: '{layer.Name}' gives {layer.OutputShapes.Count} outputs; a Sequential model's layers give one each.");
        }

        return layer.OutputShape!.Value;
    }

    private string UniqueName(string baseName)
    {
        if (_layers.All(l => l.Name != baseName))
        {
            return baseName;
        }

        for (int i = 1; ; i++)
        {
            string candidate = $"{baseName}_{i}";
            if (_layers.All(l => l.Name != candidate))
            {
                return candidate;
            }
        }
    }

    // "Layer 2 of the model, 'dense_1' (Dense): a tensor of ... values is more than one tensor can hold (...)": a size
    // error names the layer once, whether or not the layer already named itself.
    private static ArgumentException InLayer(int index, Layer layer, ArgumentException e) => e switch
    {
        TensorSizeException size => new ArgumentException(
            $"Layer {index + 1} of the model, '{layer.Name}' ({layer.ClassName}): {(size is { NamesLayer: true, InnerException: TensorSizeException raw } ? raw : size).Message}", e),
        _ => new ArgumentException($"Layer {index + 1} of the model: {e.Message}", e),
    };
}
