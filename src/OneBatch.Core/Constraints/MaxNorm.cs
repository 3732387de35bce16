namespace OneBatch.Constraints;

/// <summary>
/// Caps the L2 norm of each unit's incoming weights at <c>maxValue</c>, like <c>keras.constraints.MaxNorm</c>:
/// <c>w *= clip(norm, 0, maxValue) / (1e-7 + norm)</c> (so a weight under the cap still shrinks by the epsilon, as in
/// Keras). Axis 0 (the default) suits a Dense kernel; give [0, 1, 2] for a Conv2D kernel's filters.
/// </summary>
public sealed class MaxNorm : NormConstraint
{
    public MaxNorm(float maxValue = 2f, int axis = 0)
        : this(maxValue, [axis])
    {
    }

    /// <param name="axes">The axes summed over; null for one norm over the whole weight (Keras's <c>axis=None</c>).</param>
    public MaxNorm(float maxValue, int[]? axes)
        : base(axes)
    {
        if (!(float.IsFinite(maxValue) && maxValue >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), $"MaxNorm needs a finite max_value >= 0; got {maxValue}.");
        }

        MaxValue = maxValue;
    }

    public float MaxValue { get; }

    public override string Name => "MaxNorm";

    protected override float Factor(float norm) => Math.Clamp(norm, 0f, MaxValue) / (Epsilon + norm);

    public override string ToString() => $"MaxNorm(max_value={MaxValue}, axis={AxisText})";
}
