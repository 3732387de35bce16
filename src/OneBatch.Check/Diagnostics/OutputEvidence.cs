using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>What a run measured of one output of the model: its loss, targets, predictions and the levels they imply.</summary>
public sealed record OutputEvidence
{
    /// <summary>The name of the layer that gives the output.</summary>
    public required string Name { get; init; }

    public required Loss Loss { get; init; }

    /// <summary>The weight of this output's loss in the total.</summary>
    public required float Weight { get; init; }

    /// <summary>The batch's targets for this output.</summary>
    public required Tensor Targets { get; init; }

    /// <summary>The predictions at the last finite step (a copy), or null if there was none.</summary>
    public required Tensor? Predictions { get; init; }

    /// <summary>
    /// The activation that bounds the output: that of the layer giving it, looking through layers that keep the range
    /// of their input (Flatten, pooling, Dropout, Concatenate of outputs alike). Null when the output is unbounded.
    /// </summary>
    public required string? Activation { get; init; }

    /// <summary>The values that activation can produce (<see cref="ActivationRange"/>), or null when the output is unbounded.</summary>
    public (float Low, float High)? Range { get; init; }

    /// <summary>The width of the output: the size of its last axis (1 for a scalar output).</summary>
    public int Units { get; init; }

    public required float InitialLoss { get; init; }

    public required float FinalLoss { get; init; }

    public required float TargetLoss { get; init; }

    /// <summary>The loss of the best prediction that ignores the input (variance of the targets, entropy of the class frequencies).</summary>
    public required float InputIndependentLoss { get; init; }
}
