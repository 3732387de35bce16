namespace OneBatch.Check.Diagnostics;

/// <summary>The values an activation can produce, for judging targets against what a model's output can reach.</summary>
public static class ActivationRange
{
    /// <summary>The range of values an activation can produce, or null if it is unbounded.</summary>
    public static (float Low, float High)? Of(string? activation) => activation switch
    {
        "relu" or "softplus" or "exponential" => (0f, float.PositiveInfinity),
        "sigmoid" or "softmax" => (0f, 1f),
        "tanh" => (-1f, 1f),
        _ => null,
    };
}
