namespace OneBatch.Check.Diagnostics;

/// <summary>One trainable variable: its gradient norm at step 0 and the largest sampled, and whether its value changed.</summary>
public sealed record VariableEvidence(
    string Name,
    string Layer,
    int Size,
    float LargestGradientNorm,
    bool Changed)
{
    /// <summary>The L2 norm of the variable's gradient at step 0, before training moved anything.</summary>
    public float FirstGradientNorm { get; init; }
}
