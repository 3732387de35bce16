namespace OneBatch.Tests.Check;

/// <summary>
/// What a repeated action (a training step) allocates on this thread once warm, over rounds of a few runs. The one round
/// that allocated most is set aside: on a busy machine the runtime may allocate once mid-measurement (compiling a method
/// again at a higher tier), while an action that allocates even once every ten runs does so in two rounds of five.
/// </summary>
internal static class SteadyStateAllocation
{
    public static long BytesPerRound(Action action, int warmUp = 5, int rounds = 4, int perRound = 5)
    {
        for (int i = 0; i < warmUp; i++)
        {
            action();
        }

        var bytes = new long[rounds];
        for (int r = 0; r < rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < perRound; i++)
            {
                action();
            }

            bytes[r] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // The second most of the rounds.
        Array.Sort(bytes);
        return bytes[^2];
    }
}
