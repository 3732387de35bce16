namespace OneBatch.Check.Sweep;

/// <summary>
/// The learning rates at which one optimizer memorized the batch: the lowest and the highest (null when none did),
/// and whether every rate of the grid between them did too.
/// </summary>
public sealed record SweepRange(string Optimizer, float? Low, float? High, IReadOnlyList<float> Rates, bool Contiguous)
{
    /// <summary>The range of <paramref name="optimizer"/> among <paramref name="runs"/> (those of other optimizers are ignored).</summary>
    public static SweepRange Of(string optimizer, IEnumerable<SweepRun> runs)
    {
        var own = runs.Where(r => r.Optimizer == optimizer).OrderBy(r => r.LearningRate).ToArray();
        var rates = own.Where(r => r.Memorized).Select(r => r.LearningRate).ToArray();
        if (rates.Length == 0)
        {
            return new SweepRange(optimizer, null, null, rates, false);
        }

        float low = rates[0], high = rates[^1];
        bool contiguous = own.Where(r => r.LearningRate >= low && r.LearningRate <= high).All(r => r.Memorized);
        return new SweepRange(optimizer, low, high, rates, contiguous);
    }
}
