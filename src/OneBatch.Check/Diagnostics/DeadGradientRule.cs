using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// <c>dead_gradient</c>: ReLU layers with at least <see cref="DeadShare"/> of their units never active on the batch
/// at the end, or layers whose trainable weights got (almost) no gradient at every sampled step (norm at most
/// <see cref="ZeroRatio"/> of the largest layer's), unless a saturated sigmoid/tanh at or downstream of them explains
/// it (that is <c>saturated_activation</c>) or they feed only outputs whose loss has weight 0.
/// </summary>
public sealed class DeadGradientRule : IDiagnosisRule
{
    public const float DeadShare = 0.5f;

    public const float ZeroRatio = 1e-10f;

    public string Code => DiagnosisCodes.DeadGradient;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        var layers = evidence.Layers;
        var dead = layers.Where(l => l.DeadShareEnd >= DeadShare).ToArray();
        var silent = new List<LayerEvidence>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (!layers[i].FeedsLoss || layers[i].GradientNorms is not { Count: > 0 } norms || !ZeroThroughout(layers, norms))
            {
                continue;
            }

            if (!Downstream(layers, layers[i]).Any(l => l.SaturatedShareEnd >= SaturatedActivationRule.Share))
            {
                silent.Add(layers[i]);
            }
        }

        if (dead.Length == 0 && silent.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (dead.Length > 0)
        {
            parts.Add($"ReLU layer(s) {string.Join(", ", dead.Select(l => $"'{l.Name}' ({Percent(l.DeadShareEnd!.Value)} of units never active on the batch)"))}");
        }

        if (silent.Count > 0)
        {
            parts.Add($"layer(s) {string.Join(", ", silent.Select(l => $"'{l.Name}'"))} got no gradient at any sampled step");
        }

        return new Diagnosis(
            Code,
            $"Gradient does not reach part of the model: {string.Join("; ", parts)}. Dead ReLUs come from large negative biases, a learning rate that pushed them off, " +
            "or unscaled inputs: initialize biases at 0, use He initialization, lower the learning rate, or use LeakyReLU; a layer with no gradient at all may be disconnected from the loss.",
            new Dictionary<string, object?>
            {
                ["deadShare"] = PerLayer(layers.Where(l => l.DeadShareEnd is not null).Select(l => (l.Name, (double)l.DeadShareEnd!.Value))),
                ["noGradientLayers"] = silent.Select(l => l.Name).ToArray(),
                ["gradientNormStart"] = PerLayer(layers.Where(l => l.GradientNormStart is not null).Select(l => (l.Name, (double)l.GradientNormStart!.Value))),
                ["gradientNormEnd"] = PerLayer(layers.Where(l => l.GradientNormEnd is not null).Select(l => (l.Name, (double)l.GradientNormEnd!.Value))),
            });
    }

    // The layer and every layer that takes its output, directly or further on.
    private static IEnumerable<LayerEvidence> Downstream(IReadOnlyList<LayerEvidence> layers, LayerEvidence start)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { start.Name };
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var l in layers)
            {
                if (!reached.Contains(l.Name) && l.Inputs.Any(reached.Contains))
                {
                    reached.Add(l.Name);
                    grew = true;
                }
            }
        }

        return layers.Where(l => reached.Contains(l.Name));
    }

    private static bool ZeroThroughout(IReadOnlyList<LayerEvidence> layers, IReadOnlyList<float> norms)
    {
        for (int s = 0; s < norms.Count; s++)
        {
            float largest = 0f;
            foreach (var l in layers)
            {
                if (l.GradientNorms is { } g && s < g.Count && float.IsFinite(g[s]))
                {
                    largest = MathF.Max(largest, g[s]);
                }
            }

            if (!(norms[s] <= ZeroRatio * largest) && norms[s] != 0f)
            {
                return false;
            }
        }

        return true;
    }
}
