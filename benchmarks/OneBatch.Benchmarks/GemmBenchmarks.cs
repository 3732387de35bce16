using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using OneBatch.Kernels;

namespace OneBatch.Benchmarks;

/// <summary>
/// GEMM throughput on the shapes the workloads use. A case is "MxNxK LAYOUT": C[M,N] = op(A)[M,K] op(B)[K,N], with
/// NN = A B, TN = A^T B (A stored [K,M]), NT = A B^T (B stored [N,K]). The GFLOP/s column is 2MNK over the median.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;
    private bool _transposeA, _transposeB;

    [Params(
        "256x256x256 NN", "1024x1024x1024 NN",
        "14400x32x27 NN", "27x32x14400 TN", "14400x27x32 NT",
        "2704x64x288 NN", "288x64x2704 TN", "2704x288x64 NT",
        "16x128x2304 NN", "2304x128x16 TN", "16x2304x128 NT",
        "32x64x5 NN", "32x32x64 NN", "32x1x32 NN", "32x3x32 NN", "32x64x32 NT", "5x64x32 TN", "64x32x32 TN", "32x1x32 TN", "32x3x32 TN")]
    public string Case { get; set; } = "256x256x256 NN";

    [GlobalSetup]
    public void Setup()
    {
        (_m, _n, _k, _transposeA, _transposeB) = Parse(Case);
        var rng = new Random(0);
        _a = Fill(rng, _m * _k);
        _b = Fill(rng, _k * _n);
        _c = new float[_m * _n];
    }

    /// <summary>What the engine calls: the kernel and the thread count are chosen from the shape.</summary>
    [Benchmark]
    public void Multiply() => Gemm.Multiply(_a, _transposeA, _b, _transposeB, _c, _m, _n, _k);

    /// <summary>The same kernel on the calling thread only.</summary>
    [Benchmark]
    public void OneThread()
        => Gemm.Run(_a, _transposeA, _b, _transposeB, _c, _m, _n, _k, false, Gemm.UsePacked(_transposeB, _m, _n, _k), parallel: false);

    /// <summary>2 * M * N * K: the multiply-adds of a case, each counted as two operations.</summary>
    internal static double Flops(string name)
    {
        var (m, n, k, _, _) = Parse(name);
        return 2.0 * m * n * k;
    }

    internal static (int M, int N, int K, bool TransposeA, bool TransposeB) Parse(string name)
    {
        string[] parts = name.Split(' ');
        int[] d = Array.ConvertAll(parts[0].Split('x'), int.Parse);
        return (d[0], d[1], d[2], parts[1][0] == 'T', parts[1][1] == 'T');
    }

    private static float[] Fill(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }

    private sealed class GemmConfig : ManualConfig
    {
        public GemmConfig()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(7).WithLaunchCount(1).WithId("Gemm"));
            AddColumn(StatisticColumn.Median, new GflopsColumn(c => c.Parameters["Case"] is string name ? Flops(name) : null));
        }
    }
}
