namespace OneBatch.Activations;

/// <summary>
/// The shape of an activation's graph as far as training cares, which the single-batch check reads to explain a
/// failure: the values it can produce (targets beyond them cannot be reached), whether it dies (ReLU-like: constant on
/// its whole lower side, so a unit whose inputs all fall there gets no gradient), and whether it saturates
/// (sigmoid-like: both tails so flat that inputs far out pass almost no gradient back).
/// </summary>
public sealed record ActivationProfile
{
    /// <summary>An activation with no bounds and no flat part: linear, leaky ReLU, PReLU.</summary>
    public static ActivationProfile Unbounded { get; } = new();

    /// <summary>The lowest value the activation produces, or its infimum (a sigmoid's 0); -inf when unbounded.</summary>
    public float Min { get; init; } = float.NegativeInfinity;

    /// <summary>The highest value the activation produces, or its supremum; +inf when unbounded.</summary>
    public float Max { get; init; } = float.PositiveInfinity;

    /// <summary>
    /// True for a ReLU-like activation: constant, with gradient 0, from -inf up to a kink, where it gives
    /// <see cref="Min"/>; one with a finite <see cref="Max"/> (relu6) is flat there too. A unit whose every output sits
    /// at Min or Max on the batch is dead. Leaky ReLU, PReLU, ELU and SELU keep a slope below and never die.
    /// </summary>
    public bool Dies { get; init; }

    /// <summary>
    /// For an activation that saturates (sigmoid, tanh, softsign, hard_sigmoid): the |input| beyond which it sits on a
    /// flat tail; null for one that does not.
    /// </summary>
    public float? SaturationInput { get; init; }

    /// <summary>The output at -<see cref="SaturationInput"/>: the activation is monotone, so an output at or below it comes from a saturated input.</summary>
    public float SaturatedBelow { get; init; }

    /// <summary>The output at +<see cref="SaturationInput"/>: an output at or above it comes from a saturated input.</summary>
    public float SaturatedAbove { get; init; }

    /// <summary>True when <see cref="Min"/> or <see cref="Max"/> is finite.</summary>
    public bool Bounded => !float.IsNegativeInfinity(Min) || !float.IsPositiveInfinity(Max);

    /// <summary>A ReLU-like profile: flat at <paramref name="min"/> below its kink, and at <paramref name="max"/> if finite.</summary>
    public static ActivationProfile Dying(float min = 0f, float max = float.PositiveInfinity) => new() { Min = min, Max = max, Dies = true };

    /// <summary>A squashing profile with range [min, max] whose tails count as saturated beyond +-<paramref name="input"/>, where it gives <paramref name="below"/> and <paramref name="above"/>.</summary>
    public static ActivationProfile Saturating(float min, float max, float input, float below, float above) =>
        new() { Min = min, Max = max, SaturationInput = input, SaturatedBelow = below, SaturatedAbove = above };
}
