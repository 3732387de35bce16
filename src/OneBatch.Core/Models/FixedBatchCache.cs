using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// What a model computes, in inference mode, from a batch that stays the same from run to run through calls that
/// cannot change: a layer with no trainable weights (a frozen base model, a frozen Embedding, a preprocessing layer)
/// whose inputs are the batch or outputs of such calls, and that adds no activity penalty to the loss. A training loop
/// on one batch, as the single-batch check runs, computes those calls once, without recording them for gradients
/// (none flows into weights that do not train), and reuses their outputs on every later step: a transfer-learning
/// model then costs its head, not its frozen base.
/// Which calls are fixed is decided on the first run, as a training step decides which weights it trains: the cache
/// holds while the batch's values, those layers' weights and which layers train stay as they are (nothing in inference
/// mode changes them). Giving other input tensors makes it compute them again; after freezing or unfreezing a layer,
/// or changing the batch in place, use a new cache.
/// </summary>
public sealed class FixedBatchCache
{
    private GraphPlan? _plan;
    private Tensor[] _inputs = [];
    private bool[] _fixed = [];
    private Tensor[][] _outputs = [];
    private Tensor?[][] _masks = [];
    private bool _filled;

    /// <summary>How many of the model's calls the cache computes once (0 before the first run).</summary>
    public int FixedCalls { get; private set; }

    /// <summary>True when step <paramref name="s"/> of the plan gives the same outputs on every run.</summary>
    internal bool IsFixed(int s) => _fixed[s];

    /// <summary>True once the fixed calls' outputs are kept.</summary>
    internal bool Filled => _filled;

    /// <summary>Makes the cache fit this run: kept if the plan and the input tensors are the same, else cleared.</summary>
    internal void Prepare(GraphPlan plan, ReadOnlySpan<Tensor> inputs)
    {
        if (ReferenceEquals(plan, _plan) && SameInputs(inputs))
        {
            return;
        }

        _plan = plan;
        _inputs = inputs.ToArray();
        _filled = false;
        var steps = plan.Steps;
        _fixed = new bool[steps.Count];
        _outputs = new Tensor[steps.Count][];
        _masks = new Tensor?[steps.Count][];
        var fixedSlot = new bool[plan.Values.Slots.Length];
        for (int i = 0; i < plan.Inputs.Count; i++)
        {
            fixedSlot[plan.InputSlot(i)] = true;
        }

        FixedCalls = 0;
        for (int s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            bool isFixed = step.Layer.TrainableWeights.Count == 0 && !AddsActivityPenalty(step.Layer) && AllFixed(step.InputSlots, fixedSlot);
            _fixed[s] = isFixed;
            if (isFixed)
            {
                FixedCalls++;
                _outputs[s] = new Tensor[step.OutputSlots.Length];
                _masks[s] = new Tensor?[step.OutputSlots.Length];
                foreach (int o in step.OutputSlots)
                {
                    fixedSlot[o] = true;
                }
            }
        }
    }

    /// <summary>Keeps what fixed step <paramref name="s"/> gave.</summary>
    internal void Keep(int s, ReadOnlySpan<Tensor> outputs, ReadOnlySpan<Tensor?> masks)
    {
        outputs.CopyTo(_outputs[s]);
        masks.CopyTo(_masks[s]);
    }

    /// <summary>Says the first run is over: every fixed step's outputs are kept.</summary>
    internal void MarkFilled() => _filled = true;

    /// <summary>The outputs fixed step <paramref name="s"/> gave.</summary>
    internal ReadOnlySpan<Tensor> Outputs(int s) => _outputs[s];

    /// <summary>The output masks fixed step <paramref name="s"/> gave.</summary>
    internal ReadOnlySpan<Tensor?> Masks(int s) => _masks[s];

    // An activity penalty is part of each run's loss: a call that adds one runs every time.
    private static bool AddsActivityPenalty(Layer layer) =>
        layer.ActivityRegularizer is not null || (layer is Model model && model.AllLayers().Any(l => l.ActivityRegularizer is not null));

    private static bool AllFixed(int[] slots, bool[] fixedSlot)
    {
        foreach (int slot in slots)
        {
            if (!fixedSlot[slot])
            {
                return false;
            }
        }

        return true;
    }

    private bool SameInputs(ReadOnlySpan<Tensor> inputs)
    {
        if (inputs.Length != _inputs.Length)
        {
            return false;
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            if (!ReferenceEquals(inputs[i], _inputs[i]))
            {
                return false;
            }
        }

        return true;
    }
}
