using OneBatch.Check.Diagnostics;

namespace OneBatch.Check;

/// <summary>What a single-batch check found. The field names are those of the JSON report (camelCase there).</summary>
public sealed class CheckReport
{
    public const string MemorizedVerdict = "memorized";
    public const string NotMemorizedVerdict = "not_memorized";

    /// <summary><c>memorized</c> or <c>not_memorized</c>.</summary>
    public required string Verdict { get; init; }

    public bool Memorized => Verdict == MemorizedVerdict;

    /// <summary>Why the batch was not memorized (empty for a healthy run).</summary>
    public required IReadOnlyList<Diagnosis> Diagnoses { get; init; }

    /// <summary>Remarks that explain the run but are not failures (dropout turned off, an unusual initial loss, ...).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Updates applied.</summary>
    public required int Steps { get; init; }

    public required int MaxSteps { get; init; }

    /// <summary>The step at which the batch was first memorized, if it was.</summary>
    public required int? MemorizedAtStep { get; init; }

    /// <summary>The loss trained at step 0, as Keras shows it: the data loss plus the regularizers' penalty.</summary>
    public required float InitialLoss { get; init; }

    /// <summary>The loss trained at the end: the data loss plus the regularizers' penalty.</summary>
    public required float FinalLoss { get; init; }

    /// <summary>The compiled loss of the outputs at step 0, without the penalty (equal to <see cref="InitialLoss"/> without regularizers).</summary>
    public required float InitialDataLoss { get; init; }

    /// <summary>The compiled loss of the outputs at the end, without the penalty: what memorized is judged on, output by output.</summary>
    public required float FinalDataLoss { get; init; }

    /// <summary>The regularizers' penalty (weights and activities) at step 0; 0 without regularizers.</summary>
    public required float InitialPenalty { get; init; }

    /// <summary>The regularizers' penalty at the end; 0 without regularizers.</summary>
    public required float FinalPenalty { get; init; }

    /// <summary>True when the loss trained includes a regularizers' penalty.</summary>
    public bool HasPenalty => InitialPenalty != 0f || FinalPenalty != 0f;

    public required float TargetLoss { get; init; }

    /// <summary>
    /// The share of samples classified right at the end (classification), else null; for a model with several
    /// classification outputs, the lowest of their accuracies.
    /// </summary>
    public required float? Accuracy { get; init; }

    /// <summary><c>classification</c> or <c>regression</c>.</summary>
    public required string Task { get; init; }

    public required string Loss { get; init; }

    public required string Optimizer { get; init; }

    public required float LearningRate { get; init; }

    public required int Seed { get; init; }

    public required int BatchSize { get; init; }

    public required long Parameters { get; init; }

    /// <summary>The memory the check was estimated to need before it trained (<see cref="Check.MemoryEstimate"/>); null for a model built only by the check.</summary>
    public MemoryEstimate? MemoryEstimate { get; set; }

    public required double MicrosecondsPerStep { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Each output of the model: its loss, target and accuracy (one entry for a model with one output).</summary>
    public IReadOnlyList<OutputReport> Outputs { get; init; } = [];

    /// <summary>One row per layer of the model: kind, parameters, gradient norms at the start and the end, dead and saturated shares.</summary>
    public IReadOnlyList<LayerReport> Layers { get; init; } = [];

    /// <summary>True when the batch was made from the model's shapes (<see cref="SyntheticBatch"/>) rather than given.</summary>
    public bool Synthetic { get; init; }

    /// <summary>The optimizer's whole configuration, with Keras's keys (<c>learning_rate</c>, <c>beta_1</c>, <c>clipnorm</c>, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> OptimizerConfig { get; init; } = [];

    /// <summary>Where each setting came from (the model file, the command line, a default).</summary>
    public IReadOnlyList<SettingSource> Settings { get; init; } = [];

    /// <summary>
    /// When the batch was not memorized and the check isolated the cause: each variant that changed one component back
    /// to a known-good one, its result, and the likely component (null when no isolation ran).
    /// </summary>
    public IsolationReport? Isolation { get; internal set; }

    /// <summary>Everything the run measured for its diagnosis (not written to the JSON report as such).</summary>
    public RunEvidence? Evidence { get; init; }

    /// <summary>(step, loss) of the loss trained (data loss + penalty) for every step up to 10,000 steps, evenly thinned beyond.</summary>
    public required IReadOnlyList<(int Step, float Loss)> LossCurve { get; init; }
}
