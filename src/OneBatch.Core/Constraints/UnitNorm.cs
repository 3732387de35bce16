namespace OneBatch.Constraints;

/// <summary>
/// Rescales each unit's incoming weights to L2 norm 1, like <c>keras.constraints.UnitNorm</c>: <c>w /= 1e-7 + norm</c>.
/// Axis 0 (the default) suits a Dense kernel; give [0, 1, 2] for a Conv2D kernel's filters.
/// </summary>
public sealed class UnitNorm : NormConstraint
{
    public UnitNorm(int axis = 0)
        : this([axis])
    {
    }

    /// <param name="axes">The axes summed over; null for one norm over the whole weight (Keras's <c>axis=None</c>).</param>
    public UnitNorm(int[]? axes)
        : base(axes)
    {
    }

    public override string Name => "UnitNorm";

    protected override float Factor(float norm) => 1f / (Epsilon + norm);

    public override string ToString() => $"UnitNorm(axis={AxisText})";
}
