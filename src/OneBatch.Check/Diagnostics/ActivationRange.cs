using OneBatch.Activations;

namespace OneBatch.Check.Diagnostics;

/// <summary>The values an activation can produce, for judging targets against what a model's output can reach.</summary>
public static class ActivationRange
{
    /// <summary>The range of values an activation can produce (from its profile), or null if it is unbounded both ways.</summary>
    public static (float Low, float High)? Of(ActivationFunction? activation) =>
        activation?.Profile is { Bounded: true } p ? (p.Min, p.Max) : null;
}
