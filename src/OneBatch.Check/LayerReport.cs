using OneBatch.Check.Diagnostics;

namespace OneBatch.Check;

/// <summary>
/// One row of the report's per-layer table: what the layer is and what the run measured in it. A statistic that does
/// not apply to the layer (no trainable weights, no ReLU, no sigmoid/tanh) is null.
/// </summary>
public sealed record LayerReport
{
    public required string Name { get; init; }

    /// <summary>The layer's class, such as <c>Dense</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The activation the layer ends with (<c>relu</c>, <c>softmax</c>, ...), or null.</summary>
    public required string? Activation { get; init; }

    public required long Parameters { get; init; }

    /// <summary>The L2 norm of the gradient of the layer's trainable weights at step 0.</summary>
    public required float? GradientNormStart { get; init; }

    /// <summary>The same at the last finite step.</summary>
    public required float? GradientNormEnd { get; init; }

    /// <summary>ReLU layers: the share of units never active on the batch at the last finite step.</summary>
    public required float? DeadShare { get; init; }

    /// <summary>Sigmoid/tanh layers: the share of their inputs beyond +-5 at the last finite step.</summary>
    public required float? SaturatedShare { get; init; }

    /// <summary>||w_end - w_start|| / ||w_start|| over the trainable weights.</summary>
    public required float? WeightChange { get; init; }

    /// <summary>The row for what a run measured in one layer.</summary>
    public static LayerReport From(LayerEvidence l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new LayerReport
        {
            Name = l.Name,
            Kind = l.Kind,
            Activation = l.Activation,
            Parameters = l.Parameters,
            GradientNormStart = l.GradientNormStart,
            GradientNormEnd = l.GradientNormEnd,
            DeadShare = l.DeadShareEnd,
            SaturatedShare = l.SaturatedShareEnd,
            WeightChange = l.WeightChange,
        };
    }
}
