using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// How a model runs its graph: the layer calls in an order where every input is ready, each reading and writing
/// numbered slots. Every array is made once, so a forward pass allocates nothing of its own. The slots keep the
/// values of the last run, so that a check can look at what each layer gave; for a nested model the values of each of
/// its calls are kept apart (<see cref="PlanValues"/>), so that a model used twice shows both calls.
/// </summary>
internal sealed class GraphPlan
{
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
        Values = new PlanValues(slotOf.Count, steps.Length);
    }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public IReadOnlyList<KerasTensor> Outputs { get; }

    public IReadOnlyList<PlanStep> Steps => _steps;

    /// <summary>What the last run computed: every slot, and each nested model's values for its call in that run.</summary>
    public PlanValues Values { get; }

    public int InputSlot(int input) => _inputSlots[input];

    public int OutputSlot(int output) => _outputSlots[output];

    /// <summary>True when some layer of the graph (or of a model nested in it) makes a mask.</summary>
    public bool CreatesMasks
    {
        get
        {
            foreach (var step in _steps)
            {
                if (step.Layer.CreatesMask)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <param name="inputMasks">The mask of each input, or empty for none.</param>
    /// <param name="fixedBatch">In inference mode on a batch that stays the same, what to reuse from earlier runs.</param>
    public void Run(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> inputMasks, Span<Tensor> outputs, bool training, FixedBatchCache? fixedBatch = null)
    {
        // Masks given with the batch would have to stay the same too; such callers run without the cache.
        var cache = training || inputMasks.Length > 0 ? null : fixedBatch;
        cache?.Prepare(this, inputs);
        var slots = Values.Slots;
        var masks = Values.Masks;
        Array.Clear(masks);
        for (int i = 0; i < _inputSlots.Length; i++)
        {
            slots[_inputSlots[i]] = inputs[i];
            masks[_inputSlots[i]] = i < inputMasks.Length ? inputMasks[i] : null;
        }

        for (int s = 0; s < _steps.Length; s++)
        {
            var step = _steps[s];
            if (cache is not null && cache.IsFixed(s))
            {
                RunFixed(step, s, cache);
                continue;
            }

            RunStep(step, s, training);
        }

        cache?.MarkFilled();
        for (int o = 0; o < _outputSlots.Length; o++)
        {
            outputs[o] = slots[_outputSlots[o]]!;
        }
    }

    // A call whose outputs cannot change: computed on the first run outside any tape (so that its tensors are its own,
    // not buffers the tape hands out again), then read from the cache.
    private void RunFixed(PlanStep step, int s, FixedBatchCache cache)
    {
        if (!cache.Filled)
        {
            using (GradientTape.Pause())
            {
                RunStep(step, s, training: false);
            }

            var masks = Values.Masks;
            for (int k = 0; k < step.OutputSlots.Length; k++)
            {
                step.OutputMaskBuffer[k] = masks[step.OutputSlots[k]];
            }

            cache.Keep(s, step.OutputBuffer, step.OutputMaskBuffer);
            return;
        }

        var outs = cache.Outputs(s);
        var outMasks = cache.Masks(s);
        for (int k = 0; k < step.OutputSlots.Length; k++)
        {
            Values.Slots[step.OutputSlots[k]] = outs[k];
            Values.Masks[step.OutputSlots[k]] = outMasks[k];
        }
    }

    private void RunStep(PlanStep step, int s, bool training)
    {
        var slots = Values.Slots;
        var masks = Values.Masks;
        var ins = step.InputBuffer;
        var inMasks = step.InputMaskBuffer;
        bool masked = false;
        for (int j = 0; j < ins.Length; j++)
        {
            ins[j] = slots[step.InputSlots[j]]!;
            inMasks[j] = masks[step.InputSlots[j]];
            masked |= inMasks[j] is not null;
        }

        // Without masks (nearly every model) a step is exactly the layer's plain call.
        if (masked)
        {
            step.Layer.Call(ins, inMasks, step.OutputBuffer, training);
        }
        else
        {
            step.Layer.Call(ins, step.OutputBuffer, training);
        }

        Layer.AddActivityPenalty(step.Layer, step.OutputBuffer);

        if (masked || step.Layer.CreatesMask)
        {
            step.Layer.ComputeMask(ins, inMasks, step.OutputMaskBuffer);
            for (int k = 0; k < step.OutputSlots.Length; k++)
            {
                masks[step.OutputSlots[k]] = step.OutputMaskBuffer[k];
            }
        }

        for (int k = 0; k < step.OutputSlots.Length; k++)
        {
            slots[step.OutputSlots[k]] = step.OutputBuffer[k];
        }

        // A nested model keeps only its latest call: keep this call's values with this step.
        if (step.Layer is Model nested && nested.HasPlan)
        {
            Values.Nested[s] = nested.Plan.Values.CopyTo(Values.Nested[s]);
        }
    }

    /// <summary>The mask of each output at the end of the last run (null where none).</summary>
    public void OutputMasks(Span<Tensor?> masks)
    {
        for (int o = 0; o < _outputSlots.Length; o++)
        {
            masks[o] = Values.Masks[_outputSlots[o]];
        }
    }
}

/// <summary>The values of one run of a <see cref="GraphPlan"/>: its slots, and for each step that calls a nested model, that model's values.</summary>
internal sealed class PlanValues(int slots, int steps)
{
    public Tensor?[] Slots { get; } = new Tensor?[slots];

    /// <summary>The mask each slot carries (null where none).</summary>
    public Tensor?[] Masks { get; } = new Tensor?[slots];

    public PlanValues?[] Nested { get; } = new PlanValues?[steps];

    /// <summary>Copies these values into <paramref name="target"/> (made on first use, then reused: no allocation in steady state).</summary>
    public PlanValues CopyTo(PlanValues? target)
    {
        if (target is null || target.Slots.Length != Slots.Length || target.Nested.Length != Nested.Length)
        {
            target = new PlanValues(Slots.Length, Nested.Length);
        }

        Array.Copy(Slots, target.Slots, Slots.Length);
        Array.Copy(Masks, target.Masks, Masks.Length);
        for (int i = 0; i < Nested.Length; i++)
        {
            if (Nested[i] is { } nested)
            {
                target.Nested[i] = nested.CopyTo(target.Nested[i]);
            }
        }

        return target;
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

    public Tensor?[] InputMaskBuffer { get; } = new Tensor?[inputSlots.Length];

    public Tensor?[] OutputMaskBuffer { get; } = new Tensor?[outputSlots.Length];
}
