using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>vanishing_gradient_through_time</c>: in some recurrent layer, the gradient that reaches its first time step is
/// below <see cref="Ratio"/> of the gradient at its last, at step 0 and still at the end, and the loss did not keep
/// falling by more than a plateau's drop (a slow but steady descent is the learning rate's; an LSTM over long padded-and-masked sequences often has
/// such a ratio and learns anyway from its last steps). What the sequence holds early on cannot shape the output.
/// Gates saturated from the start stop the gradient too; that is <c>saturated_gates</c>, not this.
/// </summary>
public sealed class VanishingGradientThroughTimeRule : IDiagnosisRule
{
    public const float Ratio = 1e-3f;

    public string Code => DiagnosisCodes.VanishingGradientThroughTime;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if ((evidence.Curve.FallsSteadily && !evidence.Curve.Plateaus) || evidence.Contradictions.Count > 0)
        {
            return null;
        }

        var vanishing = evidence.Layers
            .Where(l => l.TimeGradientRatio is { Count: > 0 } r && r[0] < Ratio && r[^1] < Ratio
                && !(l.GateSaturation is { Count: > 0 } g && g[0] >= SaturatedGatesRule.Share))
            .ToArray();
        if (vanishing.Length == 0)
        {
            return null;
        }

        var worst = vanishing.OrderBy(l => l.TimeGradientRatio![0]).First();
        float ratio = worst.TimeGradientRatio![0];
        string orders = ratio > 0f ? $"{Text(-Math.Log10(ratio))} orders of magnitude" : "entirely";
        string advice = worst.Kind == "SimpleRNN"
            ? "Use an LSTM or GRU, which carry gradient across many steps, or shorter sequences."
            : worst.ReceivesMask
                ? "Use shorter sequences, or put what matters near their end (pre-padding)."
                : "Use shorter sequences, or mark padding as such (Embedding(mask_zero=True) or a Masking layer) so that padded steps after the real ones do not separate them from the output.";
        return new Diagnosis(
            Code,
            $"The gradient through time vanishes in {string.Join(", ", vanishing.Select(l => $"'{l.Name}' ({l.Kind})"))}: at the first time step it is {orders} smaller than at the last " +
            $"(ratio {Text(ratio)} at step 0), so the start of each sequence barely affects the output. {advice}",
            new Dictionary<string, object?>
            {
                ["firstToLastStepRatio"] = PerLayer(vanishing.Select(l => (l.Name, (double)l.TimeGradientRatio![0]))),
                ["firstToLastStepRatioEnd"] = PerLayer(vanishing.Select(l => (l.Name, (double)l.TimeGradientRatio![^1]))),
            });
    }
}
