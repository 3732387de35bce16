namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Where the first NaN or infinity appeared. <see cref="Phase"/> is <c>forward</c> (the output of
/// <see cref="Layer"/>), <c>loss</c> (every layer finite, the loss not), <c>backward</c> (the gradient of
/// <see cref="Variable"/>, the one nearest the output) or <c>update</c> (the new value of <see cref="Variable"/>).
/// </summary>
public sealed record NonFiniteOrigin(
    int Step,
    float Loss,
    string Phase,
    string? Layer,
    string? Variable,
    float LargestWeightBefore);
