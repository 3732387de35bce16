namespace OneBatch.Check.Diagnostics;

/// <summary>Every rule, in the order their diagnoses are listed: root causes first, their symptoms after.</summary>
public static class DiagnosisRules
{
    /// <summary>The evidence key under which a root cause lists the codes of the symptoms it explains.</summary>
    public const string SymptomsKey = "symptoms";

    public static IReadOnlyList<IDiagnosisRule> All { get; } =
    [
        new NoTrainableWeightsRule(),
        new ContradictoryLabelsRule(),
        new BatchMixingRule(),
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

    /// <summary>The diagnoses every rule finds in <paramref name="evidence"/>.</summary>
    public static IReadOnlyList<Diagnosis> Diagnose(RunEvidence evidence) => Diagnose(evidence, All);

    /// <summary>
    /// The diagnoses <paramref name="rules"/> find in <paramref name="evidence"/>, with each symptom a found root cause
    /// subsumes (<see cref="IDiagnosisRule.Subsumes"/>) folded into that cause's evidence instead of listed apart.
    /// </summary>
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

        var folded = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Diagnosis>(found.Count);
        foreach (var (rule, diagnosis) in found)
        {
            var symptoms = found.Where(f => f.Rule != rule && rule.Subsumes.Contains(f.Diagnosis.Code)).Select(f => f.Diagnosis.Code).ToArray();
            if (symptoms.Length == 0)
            {
                result.Add(diagnosis);
                continue;
            }

            folded.UnionWith(symptoms);
            var evidenceWithSymptoms = new Dictionary<string, object?>(diagnosis.Evidence) { [SymptomsKey] = symptoms };
            result.Add(diagnosis with { Evidence = evidenceWithSymptoms });
        }

        return result.Where(d => !folded.Contains(d.Code)).ToArray();
    }
}
