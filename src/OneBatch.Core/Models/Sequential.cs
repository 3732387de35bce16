using System.Globalization;
using System.Text;
using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// A plain stack of layers, each feeding the next, like <c>keras.Sequential</c>. When the first layer declares its
/// input shape (<c>inputShape:</c> or an <see cref="InputLayer"/>) the model builds at once, inferring every layer's
/// shape and reporting the first one that does not fit; otherwise it builds on its first call.
/// Initial weights are drawn from a generator seeded with <paramref name="seed"/>.
/// </summary>
public sealed class Sequential : Layer
{
    private readonly List<Layer> _layers = [];
    private readonly RandomGenerator _random;
    private Variable[]? _weights;
    private Variable[]? _trainableVariables;
    private Tensor[] _outputs = [];

    public Sequential(IEnumerable<Layer> layers, int seed = 0, string? name = null)
        : base(name ?? "sequential")
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

    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Every layer in order, with the layers of nested models in place of those models (depth first).</summary>
    public IEnumerable<Layer> AllLayers()
    {
        foreach (var layer in _layers)
        {
            if (layer is Sequential inner)
            {
                foreach (var nested in inner.AllLayers())
                {
                    yield return nested;
                }
            }
            else
            {
                yield return layer;
            }
        }
    }

    public override string ClassName => "Sequential";

    /// <summary>Every weight of every layer, in layer order (Keras's <c>model.weights</c>).</summary>
    public override IReadOnlyList<Variable> Weights => _weights ??= _layers.SelectMany(l => l.Weights).ToArray();

    /// <summary>The weights the optimizer trains (Keras's <c>model.trainable_variables</c>).</summary>
    public IReadOnlyList<Variable> TrainableVariables =>
        _trainableVariables ??= Trainable ? _layers.SelectMany(l => l.TrainableWeights).ToArray() : [];

    public override bool Trainable
    {
        get => base.Trainable;
        set
        {
            base.Trainable = value;
            _trainableVariables = null;
        }
    }

    private protected override void OnLayerTrainableChanged()
    {
        _trainableVariables = null;
        base.OnLayerTrainableChanged();
    }

    /// <summary>The output of each layer on the most recent call (valid until the next one).</summary>
    public IReadOnlyList<Tensor> LastLayerOutputs => _outputs;

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
        layer.Parent = this;
        _weights = null;
        _trainableVariables = null;
        _outputs = new Tensor[_layers.Count];
        if (_layers.Count == 1 && layer.DeclaredInputShape is Shape declared)
        {
            Build(declared, _random);
        }
        else if (Built && OutputShape is Shape previous)
        {
            OutputShape = BuildLayer(layer, _layers.Count - 1, previous, _random);
        }
    }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var shape = inputShape;
        foreach (var layer in _layers)
        {
            shape = layer.Built ? layer.OutputShape!.Value : layer.ComputeOutputShape(shape);
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

        _weights = null;
        _trainableVariables = null;
    }

    // x: [batch, ...input] -> [batch, ...output]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        var h = x;
        for (int i = 0; i < _layers.Count; i++)
        {
            h = _layers[i].Call(h, training);
            _outputs[i] = h;
        }

        return h;
    }

    /// <summary>The weights as arrays, in Keras's <c>get_weights()</c> order.</summary>
    public float[][] GetWeights() => Weights.Select(w => w.Value.ToArray()).ToArray();

    /// <summary>Sets every weight, in Keras's <c>get_weights()</c> order.</summary>
    public void SetWeights(IReadOnlyList<float[]> values)
    {
        if (values.Count != Weights.Count)
        {
            throw new ArgumentException($"The model has {Weights.Count} weights; got {values.Count}.");
        }

        for (int i = 0; i < values.Count; i++)
        {
            Weights[i].Assign(values[i]);
        }
    }

    /// <summary>A table of the layers, their output shapes and parameter counts, like <c>model.summary()</c>.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Model: \"{Name}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"Layer (type)",-32}{"Output Shape",-22}{"Param #",10}");
        foreach (var layer in _layers)
        {
            string shape = layer.OutputShape is Shape s ? "(None, " + s.ToString().Trim('[', ']') + ")" : "?";
            sb.AppendLine(CultureInfo.InvariantCulture, $"{$"{layer.Name} ({layer.ClassName})",-32}{shape,-22}{layer.CountParams(),10:N0}");
        }

        int trainable = TrainableVariables.Sum(v => v.Value.Size);
        sb.AppendLine(CultureInfo.InvariantCulture, $"Total params: {CountParams():N0}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Trainable params: {trainable:N0}");
        sb.Append(CultureInfo.InvariantCulture, $"Non-trainable params: {CountParams() - trainable:N0}");
        return sb.ToString();
    }

    private static Shape BuildLayer(Layer layer, int index, Shape inputShape, RandomGenerator random)
    {
        try
        {
            layer.Build(inputShape, random);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Layer {index + 1} of the model: {e.Message}", e);
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
}
