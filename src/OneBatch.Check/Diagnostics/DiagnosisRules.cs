namespace OneBatch.Check.Diagnostics;

/// <summary>Every rule, in the order their diagnoses are listed: root causes first, their symptoms after.</summary>
public static class DiagnosisRules
{
    public static IReadOnlyList<IDiagnosisRule> All { get; } =
    [
        new NoTrainableWeightsRule(),
        new ConstantInputsRule(),
        new ContradictoryLabelsRule(),
        new SoftmaxSingleUnitRule(),
        new LossOutputMismatchRule(),
        new MultilabelTargetsWithSoftmaxRule(),
        new NonFiniteRule(),
        new ExplodingGradientRule(),
        new WeightsNotUpdatedRule(),
        new SoftmaxBeforeLogitsLossRule(),
        new OutputRangeMismatchRule(),
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

    /// <summary>The diagnoses every rule finds in <paramref name="evidence"/>.</summary>
    public static IReadOnlyList<Diagnosis> Diagnose(RunEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var found = new List<Diagnosis>();
        foreach (var rule in All)
        {
            if (rule.Diagnose(evidence) is { } d)
            {
                found.Add(d);
            }
        }

        return found;
    }
}
