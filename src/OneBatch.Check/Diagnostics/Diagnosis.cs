namespace OneBatch.Check.Diagnostics;

/// <summary>
/// One reason a batch was not memorized (or a remark on a run), with the evidence the run measured.
/// <see cref="Code"/> is one of <see cref="DiagnosisCodes"/>: a public contract.
/// </summary>
public sealed record Diagnosis(string Code, string Message, IReadOnlyDictionary<string, object?> Evidence);

/// <summary>The diagnosis codes of the design (a public contract: reports, tests and users rely on them).</summary>
public static class DiagnosisCodes
{
    public const string LrTooHigh = "lr_too_high";
    public const string LrTooLow = "lr_too_low";
    public const string NonFinite = "non_finite";
    public const string SoftmaxBeforeLogitsLoss = "softmax_before_logits_loss";
    public const string OutputRangeMismatch = "output_range_mismatch";
    public const string DeadGradient = "dead_gradient";
    public const string VanishingGradient = "vanishing_gradient";
    public const string SaturatedActivation = "saturated_activation";
    public const string WeightsNotUpdated = "weights_not_updated";
    public const string InputIgnored = "input_ignored";
    public const string ContradictoryLabels = "contradictory_labels";
    public const string NoTrainableWeights = "no_trainable_weights";
    public const string ExplodingGradient = "exploding_gradient";
    public const string SaturatedGates = "saturated_gates";
    public const string VanishingGradientThroughTime = "vanishing_gradient_through_time";
    public const string UnscaledTargets = "unscaled_targets";
    public const string InsufficientCapacity = "insufficient_capacity";
    public const string NoNonlinearity = "no_nonlinearity";
    public const string BatchMixing = "batch_mixing";
    public const string LossOutputMismatch = "loss_output_mismatch";
    public const string SoftmaxSingleUnit = "softmax_single_unit";
    public const string MultilabelTargetsWithSoftmax = "multilabel_targets_with_softmax";
    public const string ConstantInputs = "constant_inputs";

    public static IReadOnlyList<string> All { get; } =
    [
        LrTooHigh, LrTooLow, NonFinite, SoftmaxBeforeLogitsLoss, OutputRangeMismatch, DeadGradient,
        VanishingGradient, SaturatedActivation, WeightsNotUpdated, InputIgnored, ContradictoryLabels, NoTrainableWeights,
        ExplodingGradient, SaturatedGates, VanishingGradientThroughTime, LossOutputMismatch, SoftmaxSingleUnit,
        MultilabelTargetsWithSoftmax, ConstantInputs, UnscaledTargets, InsufficientCapacity, NoNonlinearity, BatchMixing,
    ];
}
