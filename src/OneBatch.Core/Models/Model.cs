using System.Globalization;
using System.Text;
using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// A model is a layer and a graph of layers, like <c>keras.Model</c>: <see cref="Functional"/> wires any graph of
/// symbolic tensors, <see cref="Sequential"/> is its straight-line case, and either can be used as a layer of
/// another model. A model has its layers in Keras's order, its weights in Keras's <c>get_weights()</c> order, and runs
/// its graph without allocating once built.
/// </summary>
public abstract class Model : Layer
{
    private GraphPlan? _plan;

    // Set only during Apply with a cache: nested models are called through Layer.Call and never see it.
    private FixedBatchCache? _fixedBatch;
    private Variable[]? _weights;
    private Variable[]? _trainableVariables;
    private int _weightsEpoch = -1;
    private int _trainableEpoch = -1;
    private Tensor[]? _oneIn;
    private Tensor[]? _oneOut;

    private protected Model(string? name)
        : base(name)
    {
    }

    /// <summary>The model's layers in Keras's order (<c>model.layers</c>); a nested model appears as one layer.</summary>
    public abstract IReadOnlyList<Layer> Layers { get; }

    /// <summary>The symbolic inputs the model starts from (once its graph is known).</summary>
    public IReadOnlyList<KerasTensor> Inputs => Plan.Inputs;

    /// <summary>The symbolic outputs the model computes (once its graph is known).</summary>
    public IReadOnlyList<KerasTensor> Outputs => Plan.Outputs;

    /// <summary>The names of the input layers, in input order (Keras's <c>model.input_names</c>).</summary>
    public IReadOnlyList<string> InputNames => Plan.Inputs.Select(t => t.Layer.Name).ToArray();

    /// <summary>The names of the layers that give the outputs, in output order (Keras's <c>model.output_names</c>).</summary>
    public IReadOnlyList<string> OutputNames
    {
        get
        {
            var names = new List<string>();
            foreach (var t in Plan.Outputs)
            {
                string name = t.Layer.Name;
                string unique = name;
                for (int i = 1; names.Contains(unique); i++)
                {
                    unique = $"{name}_{i}";
                }

                names.Add(unique);
            }

            return names;
        }
    }

    /// <summary>Every weight of every layer, each once, in layer order (Keras's <c>model.weights</c>).</summary>
    public override IReadOnlyList<Variable> Weights
    {
        get
        {
            int epoch = Variable.Epoch;
            if (_weights is null || _weightsEpoch != epoch)
            {
                _weightsEpoch = epoch;
                var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
                _weights = Layers.SelectMany(l => l.Weights).Where(seen.Add).ToArray();
            }

            return _weights;
        }
    }

    /// <summary>The weights the optimizer trains (Keras's <c>model.trainable_variables</c>): none of a frozen layer's or model's.</summary>
    public IReadOnlyList<Variable> TrainableVariables
    {
        get
        {
            int epoch = Variable.Epoch;
            if (_trainableVariables is null || _trainableEpoch != epoch)
            {
                var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
                _trainableVariables = Trainable ? Layers.SelectMany(l => l.TrainableWeights).Where(seen.Add).ToArray() : [];
                _trainableEpoch = epoch;
            }

            return _trainableVariables;
        }
    }

    public override IReadOnlyList<Variable> TrainableWeights => TrainableVariables;

    /// <summary>The weights the optimizer leaves alone (frozen layers, BatchNormalization's moving statistics).</summary>
    public IReadOnlyList<Variable> NonTrainableVariables => NonTrainableWeights;

    internal override void CollectRegularized(List<(Variable Variable, Regularizers.Regularizer Regularizer)> into, HashSet<Variable> seen)
    {
        if (!Trainable)
        {
            return;
        }

        var layers = Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            layers[i].CollectRegularized(into, seen);
        }
    }

    /// <summary>The plan that runs the graph; there once the model's graph is known.</summary>
    internal GraphPlan Plan => _plan ?? throw new InvalidOperationException($"Model '{Name}' has no graph yet: it is built by its first call or by Build.");

    internal bool HasPlan => _plan is not null;

    /// <summary>Every layer that is not a model nor an input layer, each once, with nested models' layers in their place (depth first).</summary>
    public IEnumerable<Layer> AllLayers()
    {
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        return Walk(this).Where(seen.Add);

        static IEnumerable<Layer> Walk(Model model)
        {
            foreach (var layer in model.Layers)
            {
                if (layer is Model inner)
                {
                    foreach (var nested in Walk(inner))
                    {
                        yield return nested;
                    }
                }
                else if (layer is not InputLayer)
                {
                    yield return layer;
                }
            }
        }
    }

    /// <summary>
    /// Every call of a layer the model makes, nested models opened up, in the order they run, with what feeds each
    /// and (after a forward pass) what each gave: how a check watches the inside of a model.
    /// </summary>
    public LayerGraph LayerGraph() => Models.LayerGraph.Of(this);

    /// <summary>The weights as arrays, in Keras's <c>get_weights()</c> order.</summary>
    public float[][] GetWeights() => Weights.Select(w => w.Value.ToArray()).ToArray();

    /// <summary>Sets every weight, in Keras's <c>get_weights()</c> order.</summary>
    public void SetWeights(IReadOnlyList<float[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var weights = Weights;
        if (values.Count != weights.Count)
        {
            throw new ArgumentException($"The model has {weights.Count} weights; got {values.Count}.");
        }

        for (int i = 0; i < values.Count; i++)
        {
            weights[i].Assign(values[i]);
        }
    }

    /// <summary>A table of the layers, their output shapes, parameter counts and inputs, like <c>model.summary()</c>.</summary>
    public string Summary()
    {
        var c = CultureInfo.InvariantCulture;
        bool graph = this is Functional;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Model: \"{Name}\"");
        sb.AppendLine(c, $"{"Layer (type)",-32}{"Output Shape",-22}{"Param #",10}{(graph ? "  Connected to" : string.Empty)}");
        var sources = graph ? ConnectedTo() : null;
        foreach (var layer in Layers)
        {
            string shape = layer.OutputShapes.Count == 0 ? "?" : string.Join(", ", layer.OutputShapes.Select(s => "(None, " + s.ToString().Trim('[', ']') + ")"));
            string from = sources is not null && sources.TryGetValue(layer, out var f) ? "  " + f : string.Empty;
            sb.AppendLine(c, $"{$"{layer.Name} ({layer.ClassName})",-32}{shape,-22}{layer.CountParams(),10:N0}{from}");
        }

        long total = CountParams();
        long trainable = TrainableVariables.Sum(v => (long)v.Value.Size);
        sb.AppendLine(c, $"Total params: {total:N0}");
        sb.AppendLine(c, $"Trainable params: {trainable:N0}");
        sb.Append(c, $"Non-trainable params: {total - trainable:N0}");
        return sb.ToString();
    }

    private Dictionary<Layer, string> ConnectedTo()
    {
        var map = new Dictionary<Layer, string>(ReferenceEqualityComparer.Instance);
        if (!HasPlan)
        {
            return map;
        }

        foreach (var step in Plan.Steps)
        {
            string from = string.Join(", ", step.Node.Inputs.Select(t => t.Layer.Name));
            map[step.Layer] = map.TryGetValue(step.Layer, out var earlier) ? $"{earlier}; {from}" : from;
        }

        return map;
    }

    /// <summary>Sets the graph the model runs (once its layers and shapes are known).</summary>
    private protected void SetPlan(GraphPlan? plan)
    {
        _plan = plan;
        Variable.Touch();
    }

    /// <summary>
    /// Runs the model in inference mode on a batch that stays the same from call to call (as a training loop on one
    /// batch does), reusing through <paramref name="cache"/> what cannot change: see <see cref="FixedBatchCache"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, Span<Tensor?> outputMasks, FixedBatchCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        _fixedBatch = cache;
        try
        {
            Apply(inputs, outputs, outputMasks, training: false);
        }
        finally
        {
            _fixedBatch = null;
        }
    }

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        Plan.Run(inputs, [], outputs, training, _fixedBatch);

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training) =>
        Plan.Run(inputs, masks, outputs, training, _fixedBatch);

    /// <summary>The masks the graph's outputs carried in the last run.</summary>
    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks) =>
        Plan.OutputMasks(outputMasks);

    public override bool CreatesMask => HasPlan && Plan.CreatesMasks;

    public override bool SupportsMasking => true;

    // x: [batch, ...input] -> [batch, ...output], for a model with one input and one output.
    protected internal override Tensor Call(Tensor x, bool training)
    {
        var input = _oneIn ??= new Tensor[1];
        var output = _oneOut ??= new Tensor[Math.Max(1, Plan.Outputs.Count)];
        input[0] = x;
        Plan.Run(input, [], output, training, _fixedBatch);
        return output[0];
    }
}
