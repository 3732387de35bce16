namespace OneBatch.Kernels;

/// <summary>How a sliding window meets the border, as in Keras: <c>valid</c> (no padding) or <c>same</c>.</summary>
public enum Padding
{
    /// <summary>No padding: out = floor((in - window) / stride) + 1.</summary>
    Valid,

    /// <summary>TensorFlow's "same": out = ceil(in / stride), the padding split with the odd one at the bottom/right.</summary>
    Same,
}

/// <summary>The Keras identifiers of <see cref="Padding"/>.</summary>
public static class PaddingNames
{
    /// <summary>The padding for "valid" or "same" (any case); an error naming the argument otherwise.</summary>
    public static Padding Parse(string padding, string argument = "padding") =>
        padding?.ToLowerInvariant() switch
        {
            "valid" => Padding.Valid,
            "same" => Padding.Same,
            _ => throw new ArgumentException($"Padding must be \"valid\" or \"same\"; got \"{padding}\".", argument),
        };

    public static string ToKerasName(this Padding padding) => padding == Padding.Same ? "same" : "valid";
}
