using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// A model opened up for inspection: every call of a layer it makes, with nested models replaced by their own
/// calls, in the order they run. Each call knows what feeds it (other calls, or the model's inputs) and, after a
/// forward pass, what it gave. Input layers (which compute nothing) are left out.
/// </summary>
public sealed class LayerGraph
{
    private LayerGraph(IReadOnlyList<LayerCall> calls, IReadOnlyList<LayerCall?> outputs, IReadOnlyList<string> inputNames)
    {
        Calls = calls;
        OutputCalls = outputs;
        InputNames = inputNames;
    }

    /// <summary>Every layer call, in the order the model runs them.</summary>
    public IReadOnlyList<LayerCall> Calls { get; }

    /// <summary>For each output of the model, the call that gives it (null when an input is passed straight through).</summary>
    public IReadOnlyList<LayerCall?> OutputCalls { get; }

    /// <summary>The names of the model's inputs, in order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Every layer called, each once, in the order of its first call.</summary>
    public IReadOnlyList<Layer> Layers => Calls.Select(c => c.Layer).Distinct().ToArray();

    internal static LayerGraph Of(Model model)
    {
        var calls = new List<LayerCall>();
        var inputs = new Source[model.Plan.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new Source(null, [i]);
        }

        var outputs = Open(model, model.Plan, [], inputs, string.Empty, trainable: model.Trainable, calls);
        return new LayerGraph(calls, outputs.Select(o => o.Call).ToArray(), model.InputNames);
    }

    // Adds the calls of one model (fed by `inputs`) to `calls`; returns what feeds each of its outputs. `path` is the
    // steps, from the outermost model's plan in, whose kept values hold this model's values for this call.
    private static Source[] Open(Model model, GraphPlan root, int[] path, Source[] inputs, string prefix, bool trainable, List<LayerCall> calls)
    {
        var plan = model.Plan;
        var sources = new Dictionary<int, Source>();
        for (int i = 0; i < inputs.Length; i++)
        {
            sources[plan.InputSlot(i)] = inputs[i];
        }

        for (int s = 0; s < plan.Steps.Count; s++)
        {
            var step = plan.Steps[s];
            var feeding = step.InputSlots.Select(slot => sources[slot]).ToArray();
            var layer = step.Layer;
            if (layer is Model inner)
            {
                var outs = Open(inner, root, [.. path, s], feeding, $"{prefix}{inner.Name}/", trainable && inner.Trainable, calls);
                for (int k = 0; k < step.OutputSlots.Length; k++)
                {
                    sources[step.OutputSlots[k]] = outs[k];
                }

                continue;
            }

            if (layer is InputLayer)
            {
                sources[step.OutputSlots[0]] = feeding[0];
                continue;
            }

            var call = new LayerCall(
                layer,
                prefix + layer.Name,
                calls.Count,
                trainable && layer.Trainable,
                feeding.Where(f => f.Call is not null).Select(f => f.Call!).Distinct().ToArray(),
                feeding.SelectMany(f => f.ModelInputs).Distinct().Order().ToArray(),
                root,
                path,
                step.OutputSlots[0],
                step.InputSlots.Length > 0 ? step.InputSlots[0] : -1);
            calls.Add(call);
            for (int k = 0; k < step.OutputSlots.Length; k++)
            {
                sources[step.OutputSlots[k]] = new Source(call, []);
            }
        }

        return Enumerable.Range(0, plan.Outputs.Count).Select(o => sources[plan.OutputSlot(o)]).ToArray();
    }

    private readonly record struct Source(LayerCall? Call, int[] ModelInputs);
}

/// <summary>One call of a layer inside a model (see <see cref="LayerGraph"/>).</summary>
public sealed class LayerCall
{
    private readonly GraphPlan _root;
    private readonly int[] _steps;
    private readonly int _slot;
    private readonly int _inputSlot;

    internal LayerCall(Layer layer, string path, int index, bool trainable, IReadOnlyList<LayerCall> inputs, IReadOnlyList<int> modelInputs, GraphPlan root, int[] steps, int slot, int inputSlot)
    {
        Layer = layer;
        Path = path;
        Index = index;
        Trainable = trainable;
        Inputs = inputs;
        ModelInputs = modelInputs;
        _root = root;
        _steps = steps;
        _slot = slot;
        _inputSlot = inputSlot;
    }

    public Layer Layer { get; }

    /// <summary>The layer's name, behind the names of the models it is nested in (<c>base/conv1</c>).</summary>
    public string Path { get; }

    /// <summary>The position of the call in <see cref="LayerGraph.Calls"/>.</summary>
    public int Index { get; }

    /// <summary>False when the layer or a model it is nested in is frozen.</summary>
    public bool Trainable { get; }

    /// <summary>The calls whose outputs this call takes.</summary>
    public IReadOnlyList<LayerCall> Inputs { get; }

    /// <summary>The model inputs (by index) this call takes directly.</summary>
    public IReadOnlyList<int> ModelInputs { get; }

    /// <summary>
    /// The model inputs whose values this call reads as they are: those that feed it directly, or through calls that
    /// only rearrange values (Reshape, Flatten). Empty when its input is computed.
    /// </summary>
    public IReadOnlyList<int> InputsReadUnchanged()
    {
        if (Inputs.Count == 0)
        {
            return ModelInputs;
        }

        return Inputs.Count == 1 && ModelInputs.Count == 0 && Inputs[0].Layer.OnlyRearranges ? Inputs[0].InputsReadUnchanged() : [];
    }

    /// <summary>What the call gave (its first output) in the model's last forward pass; null before any.</summary>
    public Tensor? Output => Values?.Slots[_slot];

    /// <summary>The mask its (first) input carried in the model's last forward pass; null when none.</summary>
    public Tensor? InputMask => _inputSlot >= 0 ? Values?.Masks[_inputSlot] : null;

    // The values of this call's model in the last run (a nested model's kept apart per call).
    private PlanValues? Values
    {
        get
        {
            var values = _root.Values;
            foreach (int step in _steps)
            {
                values = values.Nested[step];
                if (values is null)
                {
                    return null;
                }
            }

            return values;
        }
    }

    public override string ToString() => $"{Path} ({Layer.ClassName})";
}
