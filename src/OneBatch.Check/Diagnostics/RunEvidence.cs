using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// What a single-batch run measured, for the diagnosis rules: the loss curve, per-layer gradient norms and activation
/// statistics at a few steps, weights before and after, where a NaN first appeared, a short probe of nearby learning
/// rates, and facts about the batch. It names no scenario.
/// </summary>
public sealed record RunEvidence
{
    public required Loss Loss { get; init; }

    /// <summary>The batch's targets <c>y</c>.</summary>
    public required Tensor Targets { get; init; }

    /// <summary>The predictions at the last finite step (a copy), or null if there was none.</summary>
    public required Tensor? Predictions { get; init; }

    /// <summary>The largest |x| in the batch's inputs.</summary>
    public required float LargestInput { get; init; }

    public required IReadOnlyList<(int Step, float Loss)> LossCurve { get; init; }

    public required LossCurveShape Curve { get; init; }

    public required bool Memorized { get; init; }

    public required int Steps { get; init; }

    public required int MaxSteps { get; init; }

    public required float InitialLoss { get; init; }

    public required float FinalLoss { get; init; }

    public required float TargetLoss { get; init; }

    /// <summary>The loss of the best prediction that ignores the input (variance of the targets, entropy of the class frequencies).</summary>
    public required float InputIndependentLoss { get; init; }

    public required string Optimizer { get; init; }

    public required float LearningRate { get; init; }

    public required long TrainableParameters { get; init; }

    /// <summary>Every layer of the model, in order.</summary>
    public required IReadOnlyList<LayerEvidence> Layers { get; init; }

    /// <summary>
    /// The activation that bounds the model's output: that of the last layer, looking through trailing layers that
    /// have no weights and no activation (Flatten, Dropout, pooling). Null when the output is unbounded or unknown.
    /// </summary>
    public string? OutputActivation
    {
        get
        {
            for (int l = Layers.Count - 1; l >= 0; l--)
            {
                if (Layers[l].Activation is string a)
                {
                    return a;
                }

                if (Layers[l].Parameters > 0)
                {
                    return null;
                }
            }

            return null;
        }
    }

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
