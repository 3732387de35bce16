namespace OneBatch.Tests.Check;

/// <summary>
/// What a repeated action (a training step) allocates on this thread once warm. The fewest bytes over several rounds:
/// the runtime may allocate once on a busy machine (compiling a method again at a higher tier while the test runs),
/// while an action that allocates does so in every round.
/// </summary>
internal static class SteadyStateAllocation
{
    public static long BytesPerRound(Action action, int warmUp = 5, int rounds = 4, int perRound = 5)
    {
        for (int i = 0; i < warmUp; i++)
        {
            action();
        }

        long fewest = long.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < perRound; i++)
            {
                action();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
