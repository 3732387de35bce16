using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// How a model runs its graph: the layer calls in an order where every input is ready, each reading and writing
/// numbered slots. Every array is made once, so a forward pass allocates nothing of its own. The slots keep the
/// values of the last run, so that a check can look at what each layer gave.
/// </summary>
internal sealed class GraphPlan
{
    private readonly Tensor?[] _slots;
    private readonly int[] _inputSlots;
    private readonly int[] _outputSlots;
    private readonly PlanStep[] _steps;

    /// <param name="nodes">The calls in the order they run; the input layers' own nodes are left out.</param>
    public GraphPlan(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, IReadOnlyList<LayerNode> nodes)
    {
        var slotOf = new Dictionary<KerasTensor, int>(ReferenceEqualityComparer.Instance);
        foreach (var input in inputs)
        {
            slotOf.TryAdd(input, slotOf.Count);
        }

        var steps = new PlanStep[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var ins = node.Inputs.Select(t => slotOf.TryGetValue(t, out int s)
                ? s
                : throw new InvalidOperationException($"Layer '{node.Layer.Name}' is called before its input from '{t.Layer.Name}' is computed.")).ToArray();
            var outs = new int[node.Outputs.Length];
            for (int k = 0; k < outs.Length; k++)
            {
                outs[k] = slotOf.Count;
                slotOf.Add(node.Outputs[k], outs[k]);
            }

            steps[i] = new PlanStep(node, ins, outs);
        }

        Inputs = inputs.ToArray();
        Outputs = outputs.ToArray();
        _steps = steps;
        _inputSlots = inputs.Select(t => slotOf[t]).ToArray();
        _outputSlots = outputs.Select(t => slotOf.TryGetValue(t, out int s)
            ? s
            : throw new InvalidOperationException($"The output from '{t.Layer.Name}' is not computed from the model's inputs.")).ToArray();
        _slots = new Tensor?[slotOf.Count];
    }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public IReadOnlyList<KerasTensor> Outputs { get; }

    public IReadOnlyList<PlanStep> Steps => _steps;

    public int InputSlot(int input) => _inputSlots[input];

    public int OutputSlot(int output) => _outputSlots[output];

    /// <summary>The value a slot held at the end of the last run, or null before any.</summary>
    public Tensor? Value(int slot) => _slots[slot];

    public void Run(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training)
    {
        var slots = _slots;
        for (int i = 0; i < _inputSlots.Length; i++)
        {
            slots[_inputSlots[i]] = inputs[i];
        }

        foreach (var step in _steps)
        {
            var ins = step.InputBuffer;
            for (int j = 0; j < ins.Length; j++)
            {
                ins[j] = slots[step.InputSlots[j]]!;
            }

            step.Layer.Call(ins, step.OutputBuffer, training);
            for (int k = 0; k < step.OutputSlots.Length; k++)
            {
                slots[step.OutputSlots[k]] = step.OutputBuffer[k];
            }
        }

        for (int o = 0; o < _outputSlots.Length; o++)
        {
            outputs[o] = slots[_outputSlots[o]]!;
        }
    }
}

/// <summary>One layer call of a <see cref="GraphPlan"/>: its slots, and buffers to pass values without allocating.</summary>
internal sealed class PlanStep(LayerNode node, int[] inputSlots, int[] outputSlots)
{
    public LayerNode Node { get; } = node;

    public Layer Layer => Node.Layer;

    public int[] InputSlots { get; } = inputSlots;

    public int[] OutputSlots { get; } = outputSlots;

    public Tensor[] InputBuffer { get; } = new Tensor[inputSlots.Length];

    public Tensor[] OutputBuffer { get; } = new Tensor[outputSlots.Length];
}
