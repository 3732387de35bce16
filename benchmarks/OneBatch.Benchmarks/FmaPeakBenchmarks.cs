using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

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
        => 2.0 * threads * Steps * Chains * (Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count);

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

    private static float Chain() => Vector512.IsHardwareAccelerated ? Chain512() : Chain256();

    // a_i = a_i * m + c for 16 accumulators: each step 16 independent multiply-adds, enough to cover their latency.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chain512()
    {
        var m = Vector512.Create(0.999f);
        var c = Vector512.Create(1e-3f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < Steps; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c);
            a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c);
            a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chain256()
    {
        var m = Vector256.Create(0.999f);
        var c = Vector256.Create(1e-3f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector256<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < Steps; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            a12 = Vector256.FusedMultiplyAdd(a12, m, c);
            a13 = Vector256.FusedMultiplyAdd(a13, m, c);
            a14 = Vector256.FusedMultiplyAdd(a14, m, c);
            a15 = Vector256.FusedMultiplyAdd(a15, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new GflopsColumn(c => Flops((int)c.Parameters["Threads"])));
    }
}
