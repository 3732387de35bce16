namespace OneBatch.Constraints;

/// <summary>
/// Keeps the L2 norm of each unit's incoming weights between <c>minValue</c> and <c>maxValue</c>, like
/// <c>keras.constraints.MinMaxNorm</c>: <c>desired = rate * clip(norm, min, max) + (1 - rate) * norm</c>, then
/// <c>w *= desired / (1e-7 + norm)</c>; a rate of 1 enforces the bounds at once, a smaller one moves towards them.
/// </summary>
public sealed class MinMaxNorm : NormConstraint
{
    public MinMaxNorm(float minValue = 0f, float maxValue = 1f, float rate = 1f, int axis = 0)
        : this(minValue, maxValue, rate, [axis])
    {
    }

    /// <param name="axes">The axes summed over; null for one norm over the whole weight (Keras's <c>axis=None</c>).</param>
    public MinMaxNorm(float minValue, float maxValue, float rate, int[]? axes)
        : base(axes)
    {
        if (!(float.IsFinite(minValue) && float.IsFinite(maxValue) && minValue >= 0f && maxValue >= minValue))
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), $"MinMaxNorm needs finite bounds with 0 <= min_value <= max_value; got {minValue} and {maxValue}.");
        }

        if (!float.IsFinite(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"MinMaxNorm needs a finite rate; got {rate}.");
        }

        MinValue = minValue;
        MaxValue = maxValue;
        Rate = rate;
    }

    public float MinValue { get; }

    public float MaxValue { get; }

    public float Rate { get; }

    public override string Name => "MinMaxNorm";

    protected override float Factor(float norm) =>
        ((Rate * Math.Clamp(norm, MinValue, MaxValue)) + ((1f - Rate) * norm)) / (Epsilon + norm);

    public override string ToString() => $"MinMaxNorm(min_value={MinValue}, max_value={MaxValue}, rate={Rate}, axis={AxisText})";
}
