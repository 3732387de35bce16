namespace OneBatch.Check;

/// <summary>What the check found for one output of the model.</summary>
public sealed record OutputReport
{
    /// <summary>The name of the layer that gives the output.</summary>
    public required string Name { get; init; }

    public required string Loss { get; init; }

    /// <summary>The weight of this output's loss in the total.</summary>
    public required float Weight { get; init; }

    public required float InitialLoss { get; init; }

    public required float FinalLoss { get; init; }

    /// <summary>The loss under which this output counts as memorized.</summary>
    public required float TargetLoss { get; init; }

    /// <summary>The share of samples this output classifies right (classification), else null.</summary>
    public required float? Accuracy { get; init; }

    /// <summary>True when this output met its target at the end (outputs of weight 0 are not judged and count as met).</summary>
    public required bool Memorized { get; init; }
}
