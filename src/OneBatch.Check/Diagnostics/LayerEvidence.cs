namespace OneBatch.Check.Diagnostics;

/// <summary>
/// One layer's measurements at the sampled steps <see cref="SampleSteps"/> (step 0, a few along the way, the last
/// finite one). Arrays are indexed like <see cref="SampleSteps"/>; a statistic that does not apply is null.
/// </summary>
public sealed record LayerEvidence
{
    /// <summary>The layer's name, behind the names of the models it is nested in (<c>base/conv1</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The layer's class, such as <c>Dense</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The Keras name of the activation the layer ends with, or null.</summary>
    public required string? Activation { get; init; }

    public required long Parameters { get; init; }

    public required long TrainableParameters { get; init; }

    public required IReadOnlyList<int> SampleSteps { get; init; }

    /// <summary>The L2 norm of the gradients of the layer's trainable weights (null without trainable weights).</summary>
    public required IReadOnlyList<float>? GradientNorms { get; init; }

    /// <summary>
    /// For a layer whose activation dies (ReLU, relu6, a thresholded ReLU), the share of its units (last axis) never
    /// active on the whole batch: always on the activation's flat parts.
    /// </summary>
    public required IReadOnlyList<float>? DeadShares { get; init; }

    /// <summary>
    /// For a layer whose activation saturates (sigmoid, tanh, softsign, hard_sigmoid), the share of its inputs beyond
    /// +-<see cref="SaturationLimit"/>.
    /// </summary>
    public required IReadOnlyList<float>? SaturatedShares { get; init; }

    /// <summary>The |input| beyond which the layer's activation counts as saturated (5 for sigmoid and tanh, 3 for hard_sigmoid), or null.</summary>
    public float? SaturationLimit { get; init; }

    /// <summary>True when the layer's output was the same for every sample at the last sampled step.</summary>
    public required bool ConstantOutput { get; init; }

    /// <summary>||w_end - w_start|| / ||w_start|| over the trainable weights (null without trainable weights).</summary>
    public required float? WeightChange { get; init; }

    /// <summary>
    /// The layer's place on the longest path from an input to an output (0 nearest the input), or null when it is
    /// off that path (a side branch): gradients are compared along this path.
    /// </summary>
    public int? LongestPathPosition { get; init; }

    /// <summary>For a recurrent layer: the share of its gate pre-activations beyond +-5 at each sampled step; else null.</summary>
    public IReadOnlyList<float>? GateSaturation { get; init; }

    /// <summary>
    /// For a recurrent layer: ||dL/dh|| at its first time step divided by that at its last, at each sampled step (how
    /// much gradient travels back through time); else null.
    /// </summary>
    public IReadOnlyList<float>? TimeGradientRatio { get; init; }

    /// <summary>True when the layer received a mask: padding it knows to skip.</summary>
    public bool ReceivesMask { get; init; }

    /// <summary>The names of the layers whose outputs this layer takes (none for a layer fed only by the model's inputs).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>True when the layer takes one of the model's inputs directly.</summary>
    public bool TakesModelInput { get; init; }

    /// <summary>The number of values the layer gives per sample (its output's size over the batch), or null when unknown.</summary>
    public int? Width { get; init; }

    /// <summary>False when the layer feeds only outputs whose loss has weight 0: no gradient is expected to reach it.</summary>
    public bool FeedsLoss { get; init; } = true;

    public float? GradientNormStart => GradientNorms is { Count: > 0 } g ? g[0] : null;

    public float? GradientNormEnd => GradientNorms is { Count: > 0 } g ? g[^1] : null;

    public float? DeadShareEnd => DeadShares is { Count: > 0 } d ? d[^1] : null;

    public float? SaturatedShareEnd => SaturatedShares is { Count: > 0 } s ? s[^1] : null;

    /// <summary>The root mean square of one gradient element at the sampled step <paramref name="i"/>.</summary>
    public float GradientRms(int i) => GradientNorms is { } g && TrainableParameters > 0 ? g[i] / MathF.Sqrt(TrainableParameters) : float.NaN;
}
