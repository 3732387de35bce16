using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OneBatch.Kernels;

namespace OneBatch.Benchmarks;

/// <summary>
/// The machine's multiply-add peak, the yardstick the convolutions' GFLOP/s are read against: 16 independent chains of
/// fused multiply-adds on registers of the widest vectors the engine uses (no memory traffic), on one thread and on two
/// (the GemmTeam's size on a 2-core machine).
/// </summary>
[MedianColumn]
[Config(typeof(Config))]
public class FmaPeakBenchmarks
{
    private const int Steps = 1 << 18;

    private const int Chains = 16;

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Floating-point operations of one run on <paramref name="threads"/> threads.</summary>
    public static double Flops(int threads)
        => 2.0 * threads * Steps * Chains * (Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count);

    private readonly List<Thread> _helpers = [];
    private Barrier? _barrier;
    private volatile bool _stop;

    // Threads - 1 helper threads of their own (a pool might run two chains one after the other on one thread), each
    // starting a run when the benchmark thread does and finishing before it returns.
    [GlobalSetup]
    public void Setup()
    {
        _barrier = new Barrier(Threads);
        for (int t = 1; t < Threads; t++)
        {
            var helper = new Thread(() =>
            {
                while (true)
                {
                    _barrier.SignalAndWait();
                    if (_stop)
                    {
                        return;
                    }

                    Chain();
                    _barrier.SignalAndWait();
                }
            })
            { IsBackground = true };
            helper.Start();
            _helpers.Add(helper);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _barrier!.SignalAndWait();
        _helpers.ForEach(h => h.Join());
        _barrier.Dispose();
    }

    [Benchmark]
    public float Peak()
    {
        _barrier!.SignalAndWait();
        float s = Chain();
        _barrier.SignalAndWait();
        return s;
    }

    private static float Chain() => Simd.Use512 ? Chain<Simd512, Vector512<float>>() : Chain<Simd256, Vector256<float>>();

    // a_i = a_i * m + c for 16 accumulators, with the engine's own vector operations: each step 16 independent
    // multiply-adds, enough to cover their latency.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain<TSimd, TVec>()
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        var m = TSimd.Broadcast(0.999f);
        var c = TSimd.Broadcast(1e-3f);
        TVec a0 = TSimd.Broadcast(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        TVec a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < Steps; i++)
        {
            a0 = TSimd.MultiplyAdd(a0, m, c);
            a1 = TSimd.MultiplyAdd(a1, m, c);
            a2 = TSimd.MultiplyAdd(a2, m, c);
            a3 = TSimd.MultiplyAdd(a3, m, c);
            a4 = TSimd.MultiplyAdd(a4, m, c);
            a5 = TSimd.MultiplyAdd(a5, m, c);
            a6 = TSimd.MultiplyAdd(a6, m, c);
            a7 = TSimd.MultiplyAdd(a7, m, c);
            a8 = TSimd.MultiplyAdd(a8, m, c);
            a9 = TSimd.MultiplyAdd(a9, m, c);
            a10 = TSimd.MultiplyAdd(a10, m, c);
            a11 = TSimd.MultiplyAdd(a11, m, c);
            a12 = TSimd.MultiplyAdd(a12, m, c);
            a13 = TSimd.MultiplyAdd(a13, m, c);
            a14 = TSimd.MultiplyAdd(a14, m, c);
            a15 = TSimd.MultiplyAdd(a15, m, c);
        }

        var sum = TSimd.Add(TSimd.Add(TSimd.Add(TSimd.Add(a0, a1), TSimd.Add(a2, a3)), TSimd.Add(TSimd.Add(a4, a5), TSimd.Add(a6, a7))),
            TSimd.Add(TSimd.Add(TSimd.Add(a8, a9), TSimd.Add(a10, a11)), TSimd.Add(TSimd.Add(a12, a13), TSimd.Add(a14, a15))));
        return TSimd.Sum(sum);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new GflopsColumn(c => Flops((int)c.Parameters["Threads"])));
    }
}
