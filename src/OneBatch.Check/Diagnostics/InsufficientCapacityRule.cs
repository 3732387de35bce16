using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>insufficient_capacity</c>, for regression outputs (a classifier needs only the right argmax, which even one unit
/// can order): (1) a bottleneck, a layer every path from the inputs to the output goes through that gives fewer values
/// per sample than the targets have independent columns (their numerical rank over the batch), so no setting of the
/// weights can produce them; or (2) a nonlinear model with fewer trainable parameters than the target values of the
/// batch (samples x independent columns): in general it cannot fit them all. A linear model is <c>no_nonlinearity</c>'s;
/// and a model that does not use one of its inputs at all (<c>input_ignored</c>) is not judged by its parameter count.
/// </summary>
public sealed class InsufficientCapacityRule : IRootCauseRule
{
    public string Code => DiagnosisCodes.InsufficientCapacity;

    public IReadOnlyList<string> Explains { get; } = [DiagnosisCodes.LrTooLow];

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var regression = evidence.Outputs.Where(o => !o.Loss.IsClassification && o.Weight > 0f && o.Targets.Size > 0).ToArray();
        if (evidence.Memorized || regression.Length == 0)
        {
            return null;
        }

        foreach (var output in regression)
        {
            var stats = TargetStatistics.Of(output.Targets);
            var narrow = ModelStructure.Chokepoints(evidence.Layers, output.Name).FirstOrDefault(l => l.Width < stats.Rank);
            if (narrow is not null)
            {
                return new Diagnosis(
                    Code,
                    $"Layer '{narrow.Name}' ({narrow.Kind}) gives {narrow.Width} value(s) per sample, and every path to output '{output.Name}' goes through it, " +
                    $"but the output's {stats.Columns} target columns vary independently in {stats.Rank} directions over the batch: no weights can fit them. " +
                    $"Widen '{narrow.Name}' to at least {stats.Rank} units (or route around it).",
                    new Dictionary<string, object?>
                    {
                        ["layer"] = narrow.Name,
                        ["layerKind"] = narrow.Kind,
                        ["width"] = narrow.Width,
                        ["output"] = output.Name,
                        ["targetColumns"] = stats.Columns,
                        ["targetRank"] = stats.Rank,
                        ["finalLoss"] = Number(output.FinalLoss),
                        ["targetLoss"] = Number(output.TargetLoss),
                    });
            }
        }

        long values = regression.Select(o => TargetStatistics.Of(o.Targets)).Sum(s => (long)s.Samples * s.Rank);
        if (ModelStructure.FirstNonlinear(evidence.Layers) is null || evidence.InputEffects.Any(e => e == 0f) || evidence.TrainableParameters == 0 || evidence.TrainableParameters >= values)
        {
            return null;
        }

        return new Diagnosis(
            Code,
            $"The model has {evidence.TrainableParameters} trainable parameters for {values} independent target values in the batch: too few to memorize them in general. " +
            "Widen the hidden layers (or add one) until the parameters outnumber the target values.",
            new Dictionary<string, object?>
            {
                ["trainableParameters"] = evidence.TrainableParameters,
                ["targetValues"] = values,
                ["layerWidths"] = evidence.Layers.Where(l => l.Width is not null).ToDictionary(l => l.Name, l => (object?)l.Width),
                ["finalLoss"] = Number(evidence.FinalLoss),
                ["targetLoss"] = Number(evidence.TargetLoss),
            });
    }
}
