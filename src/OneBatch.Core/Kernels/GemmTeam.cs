using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// Background threads (one per extra core) that take a share of a large GEMM: C is cut into as many row (or column)
/// bands as there are threads, whole register tiles each, and the calling thread computes the first band. K is never
/// split, so the result is the same as on one thread. One GEMM at a time uses the team; a call that finds it busy
/// runs on its own thread. Nothing is allocated per call.
/// </summary>
internal static class GemmTeam
{
    private static readonly Worker[] Workers = CreateWorkers();
    private static int s_busy;

    /// <summary>Threads a GEMM can run on, the caller's included.</summary>
    public static int Size => Workers.Length + 1;

    public static bool TryRun(in GemmJob job)
    {
        if (Workers.Length == 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            int mr = !job.Packed ? 4 : Simd.Use512 ? Gemm.TileRows<Simd512, Vector512<float>>() : Gemm.TileRows<Simd256, Vector256<float>>();
            int nr = 2 * (Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count);
            int rowTiles = (job.M + mr - 1) / mr;
            int colTiles = (job.N + nr - 1) / nr;
            int rowChunk = (rowTiles + Size - 1) / Size;
            int colChunk = (colTiles + Size - 1) / Size;
            bool byRows = !job.Packed || rowChunk * colTiles <= rowTiles * colChunk;
            int chunk = byRows ? rowChunk * mr : colChunk * nr;
            int extent = byRows ? job.M : job.N;
            int parts = (extent + chunk - 1) / chunk;
            if (parts < 2)
            {
                return false;
            }

            for (int t = 1; t < parts; t++)
            {
                int lo = t * chunk, hi = Math.Min(extent, lo + chunk);
                Workers[t - 1].Post(byRows ? job.Rows(lo, hi) : job.Columns(lo, hi));
            }

            (byRows ? job.Rows(0, chunk) : job.Columns(0, chunk)).Run();
            for (int t = 1; t < parts; t++)
            {
                Workers[t - 1].Wait();
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
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
        private readonly ManualResetEventSlim _start = new(false);
        private readonly ManualResetEventSlim _done = new(false);
        private GemmJob _job;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"OneBatch GEMM {index + 1}" };
            thread.Start();
        }

        public void Post(in GemmJob job)
        {
            _job = job;
            _done.Reset();
            _start.Set();
        }

        public void Wait() => _done.Wait();

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                _start.Reset();
                _job.Run();
                _done.Set();
            }
        }
    }
}
