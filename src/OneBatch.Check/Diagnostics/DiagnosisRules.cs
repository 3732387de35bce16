namespace OneBatch.Check.Diagnostics;

/// <summary>Every rule, in the order their diagnoses are listed: root causes first, their symptoms after.</summary>
public static class DiagnosisRules
{
    public static IReadOnlyList<IDiagnosisRule> All { get; } =
    [
        new NoTrainableWeightsRule(),
        new ConstantInputsRule(),
        new ContradictoryLabelsRule(),
        new BatchMixingRule(),
        new SoftmaxSingleUnitRule(),
        new LossOutputMismatchRule(),
        new MultilabelTargetsWithSoftmaxRule(),
        new NonFiniteRule(),
        new ExplodingGradientRule(),
        new WeightsNotUpdatedRule(),
        new SoftmaxBeforeLogitsLossRule(),
        new OutputRangeMismatchRule(),
        new UnscaledTargetsRule(),
        new NoNonlinearityRule(),
        new InsufficientCapacityRule(),
        new LrTooHighRule(),
        new LrTooLowRule(),
        new SaturatedActivationRule(),
        new DeadGradientRule(),
        new VanishingGradientRule(),
        new SaturatedGatesRule(),
        new VanishingGradientThroughTimeRule(),
        new InputIgnoredRule(),
    ];

    /// <summary>The rules whose problem is certain from the model's structure and targets before training.</summary>
    public static IReadOnlyList<IStructuralRule> Structural { get; } = All.OfType<IStructuralRule>().ToArray();

    /// <summary>
    /// The diagnoses every rule finds in <paramref name="evidence"/>; a symptom that a diagnosed root cause
    /// (<see cref="IRootCauseRule"/>) explains is listed in that diagnosis's evidence instead.
    /// </summary>
    public static IReadOnlyList<Diagnosis> Diagnose(RunEvidence evidence) => Diagnose(evidence, All);

    /// <summary>The diagnoses <paramref name="rules"/> find in <paramref name="evidence"/>, symptoms folded as in <see cref="Diagnose(RunEvidence)"/>.</summary>
    public static IReadOnlyList<Diagnosis> Diagnose(RunEvidence evidence, IReadOnlyList<IDiagnosisRule> rules)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(rules);
        var found = new List<(IDiagnosisRule Rule, Diagnosis Diagnosis)>();
        foreach (var rule in rules)
        {
            if (rule.Diagnose(evidence) is { } d)
            {
                found.Add((rule, d));
            }
        }

        var explained = found.Where(f => f.Rule is IRootCauseRule).SelectMany(f => ((IRootCauseRule)f.Rule).Explains).ToHashSet();
        var result = new List<Diagnosis>();
        foreach (var (rule, d) in found)
        {
            if (rule is IRootCauseRule root)
            {
                var symptoms = found.Where(f => f.Rule is not IRootCauseRule && root.Explains.Contains(f.Diagnosis.Code)).Select(f => f.Diagnosis.Code).ToArray();
                result.Add(symptoms.Length == 0 ? d : d with { Evidence = new Dictionary<string, object?>(d.Evidence) { ["symptoms"] = symptoms } });
            }
            else if (!explained.Contains(d.Code))
            {
                result.Add(d);
            }
        }

        return result;
    }
}
