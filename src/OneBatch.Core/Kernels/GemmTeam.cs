using System.Runtime.ExceptionServices;

namespace OneBatch.Kernels;

/// <summary>
/// Background threads (one per extra core) that share large GEMMs with the calling thread. A GEMM is run as a series of
/// phases (pack a B panel, compute a C block, ...), each cut into independent units that the threads claim one by one
/// from a shared ticket, so a thread slowed down by other work on its core simply takes fewer units. Units never split
/// K, so the result does not depend on which thread did what. One GEMM at a time uses the team (see
/// <see cref="TryEnter"/>); nothing is allocated per call.
/// </summary>
internal static class GemmTeam
{
    private static readonly Worker[] Workers = CreateWorkers();
    private static int s_busy;
    private static long s_epoch;

    // (epoch << 32) | next unit of the current phase. A unit is claimed by moving the ticket with a compare-exchange.
    // Run closes the ticket before it overwrites the phase and opens it after, so a successful claim proves that the
    // phase read between reading the ticket and claiming it was the whole, current one.
    private static long s_ticket;
    private static int s_done;
    private static GemmPhase s_phase;
    private static ExceptionDispatchInfo? s_error;

    // Set on a thread that must keep its kernels to itself (it runs beside other threads that already fill the cores).
    [ThreadStatic]
    private static bool t_singleThreaded;

    /// <summary>Threads a GEMM can run on, the caller's included.</summary>
    public static int Size => Workers.Length + 1;

    /// <summary>
    /// Takes the team for one GEMM; false when there is no other core, another GEMM has it, or the calling thread is in
    /// a <see cref="SingleThreaded"/> scope. Every kernel that shares work asks here, so a false answer keeps it on the
    /// calling thread (with the same result: units never split K).
    /// </summary>
    public static bool TryEnter() => !t_singleThreaded && Workers.Length > 0 && Interlocked.CompareExchange(ref s_busy, 1, 0) == 0;

    /// <summary>True while the calling thread is in a <see cref="SingleThreaded"/> scope.</summary>
    public static bool IsSingleThreaded => t_singleThreaded;

    /// <summary>
    /// Until the scope is disposed, the kernels called on this thread run on this thread alone: for work that already
    /// runs on every core (several independent trainings side by side), where sharing a kernel would only make the
    /// threads wait for each other. Scopes nest; nothing is allocated.
    /// </summary>
    public static SingleThreadedScope SingleThreaded()
    {
        bool previous = t_singleThreaded;
        t_singleThreaded = true;
        return new SingleThreadedScope(previous);
    }

    internal static void RestoreSingleThreaded(bool previous) => t_singleThreaded = previous;

    public static void Exit() => Volatile.Write(ref s_busy, 0);

    /// <summary>Runs every unit of <paramref name="phase"/> on the team (the caller between <see cref="TryEnter"/> and <see cref="Exit"/>) and returns when all are done.</summary>
    public static void Run(in GemmPhase phase)
    {
        if (phase.Units == 1)
        {
            Gemm.RunUnit(in phase, 0);
            return;
        }

        long epoch = ++s_epoch;
        Interlocked.Exchange(ref s_ticket, (epoch << 32) | int.MaxValue);
        s_phase = phase;
        Volatile.Write(ref s_done, 0);
        Volatile.Write(ref s_ticket, epoch << 32);
        foreach (var worker in Workers)
        {
            worker.Wake();
        }

        Help();
        var spin = default(SpinWait);
        while (Volatile.Read(ref s_done) < phase.Units)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        // Every unit has finished (none still writes through the caller's buffers): now a failure may surface.
        if (Interlocked.Exchange(ref s_error, null) is { } error)
        {
            error.Throw();
        }
    }

    /// <summary>
    /// Runs units 0 .. <paramref name="units"/> - 1 of <paramref name="work"/>, on the team's threads when the team is free,
    /// else one after another on the calling thread.
    /// </summary>
    public static void RunWork(ITeamWork work, int units)
    {
        if (units > 1 && TryEnter())
        {
            try
            {
                Run(new GemmPhase(work, units));
            }
            finally
            {
                Exit();
            }

            return;
        }

        for (int unit = 0; unit < units; unit++)
        {
            work.RunUnit(unit);
        }
    }

    private static void Help()
    {
        while (true)
        {
            long ticket = Volatile.Read(ref s_ticket);
            GemmPhase phase = s_phase;
            int unit = (int)(ticket & 0xFFFFFFFF);
            if (unit >= phase.Units)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref s_ticket, ticket + 1, ticket) == ticket)
            {
                try
                {
                    Gemm.RunUnit(in phase, unit);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref s_error, ExceptionDispatchInfo.Capture(e), null);
                }
                finally
                {
                    Interlocked.Increment(ref s_done);
                }
            }
        }
    }

    private static Worker[] CreateWorkers()
    {
        var workers = new Worker[Math.Clamp(Environment.ProcessorCount, 1, 16) - 1];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker(i);
        }

        return workers;
    }

    private sealed class Worker
    {
        // The most spinning allowed before the wait blocks: a training step runs team work every few hundred
        // microseconds, and waking a blocked thread costs tens of them.
        private readonly ManualResetEventSlim _wake = new(false, 2047);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"OneBatch GEMM {index + 1}" };
            thread.Start();
        }

        public void Wake() => _wake.Set();

        private void Loop()
        {
            while (true)
            {
                _wake.Wait();
                _wake.Reset();
                Help();
            }
        }
    }
}
