namespace OneBatch.Optimizers.Schedules;

/// <summary>
/// Keras's <c>PiecewiseConstantDecay</c>: with boundaries b and values v (one more value than boundaries),
/// <c>lr(t) = v[0]</c> for <c>t &lt;= b[0]</c>, <c>v[i]</c> for <c>b[i-1] &lt; t &lt;= b[i]</c>, and the last value past the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly float[] _values;

    public PiecewiseConstantDecay(IReadOnlyList<long> boundaries, IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
        {
            throw new ArgumentException($"PiecewiseConstantDecay needs one more value than boundaries; got {boundaries.Count} boundaries and {values.Count} values.", nameof(values));
        }

        _boundaries = [.. boundaries];
        _values = [.. values];
        foreach (float v in _values)
        {
            Rate(v, nameof(PiecewiseConstantDecay), "values");
        }
    }

    public IReadOnlyList<long> Boundaries => _boundaries;

    public IReadOnlyList<float> Values => _values;

    public override string ClassName => nameof(PiecewiseConstantDecay);

    public override float LearningRate => _values[0];

    public override float At(long step)
    {
        // The first value whose boundary the step has not passed, as Keras's sum of (b[i-1] < t <= b[i]) * v[i].
        for (int i = 0; i < _boundaries.Length; i++)
        {
            if (step <= _boundaries[i])
            {
                return _values[i];
            }
        }

        return _values[^1];
    }

    public override IReadOnlyList<KeyValuePair<string, object?>> GetConfig() =>
        [new("boundaries", _boundaries.ToArray()), new("values", _values.ToArray())];

    protected override LearningRateSchedule Scaled(double factor) =>
        new PiecewiseConstantDecay(_boundaries, _values.Select(v => Scale(v, factor)).ToArray());
}
