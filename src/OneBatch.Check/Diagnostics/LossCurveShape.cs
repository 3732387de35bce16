namespace OneBatch.Check.Diagnostics;

/// <summary>
/// The shape of a loss curve: whether it grew, oscillated, kept falling steadily or sat on a plateau. Only the part
/// above the target counts (below it the run is done, and a memorized loss jitters at round-off level).
/// </summary>
public sealed record LossCurveShape
{
    /// <summary>A rise of more than this share from one step to the next counts as a step up.</summary>
    public const float StepUpTolerance = 1e-3f;

    /// <summary>The share of steps up above which a curve oscillates.</summary>
    public const float OscillationShare = 0.2f;

    /// <summary>At most this share of steps up, and the curve falls steadily.</summary>
    public const float SteadyShare = 0.05f;

    /// <summary>The last half of the curve falls by less than this share: a plateau.</summary>
    public const float PlateauDrop = 0.01f;

    public required float Initial { get; init; }

    public required float Final { get; init; }

    /// <summary>The largest finite loss.</summary>
    public required float Peak { get; init; }

    /// <summary>The share of steps where the loss rose by more than <see cref="StepUpTolerance"/> (relative).</summary>
    public required float StepUpShare { get; init; }

    /// <summary>The relative drop of the loss over the last half of the curve (negative if it rose).</summary>
    public required float LastHalfDrop { get; init; }

    /// <summary>The loss ended higher than it started, spiked far above its start, or went from finite to non-finite.</summary>
    public bool Grew => float.IsFinite(Initial) && (Final > 1.1f * Initial || Peak > 100f * Initial || !float.IsFinite(Final));

    public bool Oscillates => StepUpShare >= OscillationShare;

    /// <summary>Fell nearly every step, and was still falling at the end.</summary>
    public bool FallsSteadily => !Grew && StepUpShare <= SteadyShare && Final < Initial && LastHalfDrop > 0f;

    public bool Plateaus => !Grew && !Oscillates && LastHalfDrop < PlateauDrop;

    public static LossCurveShape Analyze(IReadOnlyList<(int Step, float Loss)> curve, float target)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0)
        {
            return new LossCurveShape { Initial = float.NaN, Final = float.NaN, Peak = float.NaN, StepUpShare = 0f, LastHalfDrop = 0f };
        }

        float initial = curve[0].Loss;
        float final = curve[^1].Loss;
        float peak = float.NegativeInfinity;
        int ups = 0, pairs = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            float l = curve[i].Loss;
            if (float.IsFinite(l))
            {
                peak = MathF.Max(peak, l);
            }

            if (i > 0)
            {
                float previous = curve[i - 1].Loss;
                if (previous >= target && l >= target && float.IsFinite(previous) && float.IsFinite(l))
                {
                    pairs++;
                    ups += l > previous * (1f + StepUpTolerance) ? 1 : 0;
                }
            }
        }

        float middle = curve[curve.Count / 2].Loss;
        float drop = middle > 0f && float.IsFinite(middle) && float.IsFinite(final) ? (middle - final) / middle : 0f;
        return new LossCurveShape
        {
            Initial = initial,
            Final = final,
            Peak = peak,
            StepUpShare = pairs == 0 ? 0f : ups / (float)pairs,
            LastHalfDrop = drop,
        };
    }
}
