namespace OneBatch.Check.Diagnostics;

/// <summary>One trainable variable: whether it ever received gradient and whether its value changed.</summary>
public sealed record VariableEvidence(
    string Name,
    string Layer,
    int Size,
    float LargestGradientNorm,
    bool Changed);
