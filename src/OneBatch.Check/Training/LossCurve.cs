namespace OneBatch.Check.Training;

/// <summary>
/// The loss at each step, kept whole up to <see cref="Capacity"/> points and evenly thinned beyond: when full, every
/// other point is dropped and from then on only every second (then fourth, ...) step is kept. Adding never allocates.
/// </summary>
public sealed class LossCurve
{
    public const int Capacity = 10_000;

    private readonly int[] _steps = new int[Capacity];
    private readonly float[] _losses = new float[Capacity];
    private int _count;
    private int _stride = 1;

    public int Count => _count;

    /// <summary>The loss most recently added (kept or not), NaN before the first.</summary>
    public float LastLoss { get; private set; } = float.NaN;

    /// <summary>The step most recently added (kept or not), -1 before the first.</summary>
    public int LastStep { get; private set; } = -1;

    public (int Step, float Loss) this[int i] => (uint)i < (uint)_count ? (_steps[i], _losses[i]) : throw new ArgumentOutOfRangeException(nameof(i));

    public void Add(int step, float loss)
    {
        LastLoss = loss;
        LastStep = step;
        if (step % _stride != 0)
        {
            return;
        }

        if (_count == Capacity)
        {
            for (int i = 0; i < Capacity / 2; i++)
            {
                _steps[i] = _steps[2 * i];
                _losses[i] = _losses[2 * i];
            }

            _count = Capacity / 2;
            _stride *= 2;
            if (step % _stride != 0)
            {
                return;
            }
        }

        _steps[_count] = step;
        _losses[_count] = loss;
        _count++;
    }

    /// <summary>The kept points, and the last step added even where thinning skipped it (the curve ends at the final loss).</summary>
    public IReadOnlyList<(int Step, float Loss)> ToList()
    {
        bool lastKept = _count > 0 && _steps[_count - 1] == LastStep;
        var list = new List<(int, float)>(_count + 1);
        for (int i = 0; i < _count; i++)
        {
            list.Add((_steps[i], _losses[i]));
        }

        if (LastStep >= 0 && !lastKept)
        {
            list.Add((LastStep, LastLoss));
        }

        return list;
    }
}
