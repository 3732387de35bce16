using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// What a single-batch run measured, for the diagnosis rules: the loss curve, per-layer gradient norms and activation
/// statistics at a few steps, weights before and after, where a NaN first appeared, a short probe of nearby learning
/// rates, and facts about the batch. It names no scenario.
/// </summary>
public sealed record RunEvidence
{
    /// <summary>Each output of the model: its loss, targets and predictions.</summary>
    public required IReadOnlyList<OutputEvidence> Outputs { get; init; }

    /// <summary>The batch's inputs, one tensor per input of the model.</summary>
    public IReadOnlyList<Tensor> Inputs { get; init; } = [];

    /// <summary>The names of the model's inputs.</summary>
    public required IReadOnlyList<string> InputNames { get; init; }

    /// <summary>
    /// For each input, how much the outputs changed when that input's samples were rotated by one (the largest change
    /// of any output value relative to the outputs' spread; 0 when no output moved at all). Null when not measured
    /// (a memorized run, or an input whose samples are all identical).
    /// </summary>
    public IReadOnlyList<float?> InputEffects { get; init; } = [];

    /// <summary>For each input, the number of values per sample (its size over the batch).</summary>
    public IReadOnlyList<int> InputWidths { get; init; } = [];

    /// <summary>Whether one sample's outputs depend on other samples' inputs, when measured (a failed run).</summary>
    public BatchMixingResult? BatchMixing { get; init; }

    /// <summary>The largest |x| in the batch's inputs.</summary>
    public required float LargestInput { get; init; }

    public required IReadOnlyList<(int Step, float Loss)> LossCurve { get; init; }

    public required LossCurveShape Curve { get; init; }

    public required bool Memorized { get; init; }

    public required int Steps { get; init; }

    public required int MaxSteps { get; init; }

    /// <summary>The total loss at step 0.</summary>
    public required float InitialLoss { get; init; }

    /// <summary>The total loss at the end.</summary>
    public required float FinalLoss { get; init; }

    /// <summary>The total loss under which the batch counts as memorized.</summary>
    public required float TargetLoss { get; init; }

    public required string Optimizer { get; init; }

    public required float LearningRate { get; init; }

    public required long TrainableParameters { get; init; }

    /// <summary>Every layer the model calls (nested models' layers included), in the order of their first call.</summary>
    public required IReadOnlyList<LayerEvidence> Layers { get; init; }

    /// <summary>Every trainable variable, in the model's order.</summary>
    public required IReadOnlyList<VariableEvidence> Variables { get; init; }

    /// <summary>Where the first NaN or infinity came from, when the loss became non-finite.</summary>
    public NonFiniteOrigin? NonFinite { get; init; }

    /// <summary>Short runs at nearby learning rates from the same start, when the curve called for them.</summary>
    public LearningRateProbeResult? Probe { get; init; }

    /// <summary>Groups of samples with identical inputs and different targets (sample indexes).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Contradictions { get; init; } = [];

    /// <summary>The loss no prediction can go below when identical inputs carry different targets (0 when none do).</summary>
    public float ContradictionFloor { get; init; }
}
