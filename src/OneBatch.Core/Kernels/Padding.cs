namespace OneBatch.Kernels;

/// <summary>How a sliding window meets the border, as in Keras: <c>valid</c> (no padding), <c>same</c> or <c>causal</c>.</summary>
public enum Padding
{
    /// <summary>No padding: out = floor((in - window) / stride) + 1.</summary>
    Valid,

    /// <summary>TensorFlow's "same": out = ceil(in / stride), the padding split with the odd one at the bottom/right.</summary>
    Same,

    /// <summary>
    /// Keras's "causal" (1-D convolutions only): all the padding, dilation * (window - 1), goes before the first step,
    /// so output t never sees an input after t; out = ceil(in / stride).
    /// </summary>
    Causal,
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

    /// <summary>
    /// The padding for "valid", "same" or, when <paramref name="allowCausal"/>, "causal" (any case); otherwise an error
    /// naming <paramref name="layer"/>.
    /// </summary>
    public static Padding Parse(string padding, string layer, bool allowCausal) =>
        padding?.ToLowerInvariant() switch
        {
            "valid" => Padding.Valid,
            "same" => Padding.Same,
            "causal" when allowCausal => Padding.Causal,
            _ => throw new ArgumentException(
                $"{layer}'s padding must be {(allowCausal ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"")}; got \"{padding}\"."),
        };

    public static string ToKerasName(this Padding padding) => padding switch
    {
        Padding.Same => "same",
        Padding.Causal => "causal",
        _ => "valid",
    };
}
