using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>exploding_gradient</c>, for models with a recurrent layer (where gradients multiply through time, and clipping
/// is the remedy): the norm of the whole gradient at some sampled step is at least <see cref="Growth"/> times its
/// norm at step 0, or stopped being finite, and it hurt: the loss grew, oscillated or stopped being finite (a healthy
/// recurrent model's gradient can grow as fast on its way to memorizing). Suggests Keras's <c>clipnorm</c> at the
/// median of the largest layer's gradient norm over the sampled steps before the peak: the size the run trained at.
/// </summary>
public sealed class ExplodingGradientRule : IDiagnosisRule
{
    public const float Growth = 100f;

    public string Code => DiagnosisCodes.ExplodingGradient;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var recurrent = evidence.Layers.Where(l => l.GateSaturation is not null).ToArray();
        var norms = GlobalNorms(evidence.Layers);
        bool hurt = evidence.Curve.Grew || evidence.Curve.Oscillates || evidence.NonFinite is not null;
        if (recurrent.Length == 0 || norms.Length < 2 || !(norms[0] > 0f) || !hurt)
        {
            return null;
        }

        int peakAt = 0;
        for (int s = 1; s < norms.Length; s++)
        {
            if (!float.IsFinite(norms[s]) || norms[s] > norms[peakAt])
            {
                peakAt = s;
                if (!float.IsFinite(norms[s]))
                {
                    break;
                }
            }
        }

        float growth = norms[peakAt] / norms[0];
        if (!(growth >= Growth) && float.IsFinite(norms[peakAt]))
        {
            return null;
        }

        float clip = RoundDown(Median(Enumerable.Range(0, Math.Max(1, peakAt)).Select(s => LargestLayerNorm(evidence.Layers, s))));
        int step = evidence.Layers[0].SampleSteps[peakAt];
        string grew = float.IsFinite(norms[peakAt]) ? $"grew {Factor(growth)} from {Text(norms[0])} at step 0 to {Text(norms[peakAt])} at step {step}" : $"went from {Text(norms[0])} at step 0 to {norms[peakAt]} at step {step}";
        return new Diagnosis(
            Code,
            $"The gradient's norm {grew}: gradients explode through the recurrent layer{(recurrent.Length > 1 ? "s" : string.Empty)} {string.Join(", ", recurrent.Select(l => $"'{l.Name}'"))}. " +
            $"Clip them: compile with clipnorm={Text(clip)} (the size of a layer's gradient while training went well), or lower the learning rate.",
            new Dictionary<string, object?>
            {
                ["gradientNormStart"] = Number(norms[0]),
                ["gradientNormPeak"] = Number(norms[peakAt]),
                ["peakStep"] = step,
                ["growth"] = Number(growth),
                ["suggestedClipnorm"] = Number(clip),
                ["recurrentLayers"] = recurrent.Select(l => l.Name).ToArray(),
            });
    }

    // The norm of the whole gradient at each sampled step, from the layers' norms.
    private static float[] GlobalNorms(IReadOnlyList<LayerEvidence> layers)
    {
        int samples = layers.Count == 0 ? 0 : layers[0].SampleSteps.Count;
        var norms = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            double sum = 0;
            foreach (var l in layers)
            {
                if (l.GradientNorms is { } g && s < g.Count)
                {
                    sum += (double)g[s] * g[s];
                }
            }

            norms[s] = (float)Math.Sqrt(sum);
        }

        return norms;
    }

    // The largest layer's gradient norm at sampled step s.
    private static float LargestLayerNorm(IReadOnlyList<LayerEvidence> layers, int s) =>
        layers.Where(l => l.GradientNorms is { } g && s < g.Count && float.IsFinite(g[s])).Select(l => l.GradientNorms![s]).DefaultIfEmpty(0f).Max();

    private static float Median(IEnumerable<float> values)
    {
        var sorted = values.Where(v => v > 0f).Order().ToArray();
        return sorted.Length == 0 ? 1f : sorted[sorted.Length / 2];
    }

    // One significant digit, rounded down: 3.7 -> 3, 0.046 -> 0.04.
    private static float RoundDown(float value)
    {
        if (!(value > 0f))
        {
            return 1f;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return (float)(Math.Floor(value / magnitude) * magnitude);
    }
}
