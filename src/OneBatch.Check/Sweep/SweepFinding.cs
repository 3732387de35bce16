namespace OneBatch.Check.Sweep;

/// <summary>One diagnosis code among a sweep's failed runs, and the runs (optimizer and rate) it was given to.</summary>
public sealed record SweepFinding(string Code, IReadOnlyList<SweepRun> Runs)
{
    /// <summary>Every code of the failed runs, in the order of the design's table (<c>lr_too_high</c> first), runs in grid order.</summary>
    public static IReadOnlyList<SweepFinding> Of(IEnumerable<SweepRun> runs)
    {
        return runs
            .Where(r => !r.Memorized)
            .SelectMany(r => r.Diagnoses.Select(d => (d.Code, Run: r)))
            .GroupBy(p => p.Code)
            .OrderBy(g => Order(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SweepFinding(g.Key, g.Select(p => p.Run).Distinct().OrderBy(r => r.Index).ToArray()))
            .ToArray();
    }

    // A code the table does not list yet goes after those it does.
    private static int Order(string code)
    {
        var all = Diagnostics.DiagnosisCodes.All;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i] == code)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
