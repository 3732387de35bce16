namespace OneBatch.Check.Sweep;

/// <summary>
/// The order of a sweep's table: runs that memorized first, by fewest steps to memorize and then by final loss; then
/// the others by final loss (a loss that is not finite last); ties in grid order, so the order never depends on which
/// run finished first.
/// </summary>
public static class SweepRanking
{
    public static int Compare(SweepRun a, SweepRun b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Memorized != b.Memorized)
        {
            return a.Memorized ? -1 : 1;
        }

        if (a.Memorized)
        {
            int steps = a.MemorizedAtStep!.Value.CompareTo(b.MemorizedAtStep!.Value);
            if (steps != 0)
            {
                return steps;
            }
        }

        int loss = Loss(a).CompareTo(Loss(b));
        return loss != 0 ? loss : a.Index.CompareTo(b.Index);
    }

    /// <summary>The runs, best first.</summary>
    public static IReadOnlyList<SweepRun> Rank(IEnumerable<SweepRun> runs)
    {
        var ranked = runs.ToList();
        ranked.Sort(Compare);
        return ranked;
    }

    private static float Loss(SweepRun run) => float.IsFinite(run.FinalLoss) ? run.FinalLoss : float.PositiveInfinity;
}
