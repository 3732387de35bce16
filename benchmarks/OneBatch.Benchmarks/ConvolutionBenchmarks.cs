using BenchmarkDotNet.Attributes;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Benchmarks;

/// <summary>The convolution and pooling kernels at the shapes of the seed CNN (batch 16).</summary>
[MemoryDiagnoser]
public class ConvolutionBenchmarks
{
    private WindowGeometry _g;
    private WindowGeometry _pool;
    private int _filters;
    private float[] _x = [];
    private float[] _kernel = [];
    private float[] _y = [];
    private float[] _col = [];
    private float[] _dx = [];
    private float[] _dKernel = [];
    private float[] _pooled = [];
    private int[] _argmax = [];

    /// <summary>conv1: 32x32x3 -> 30x30x32; conv2: 15x15x32 -> 13x13x64 (both 3x3 valid, then a 2x2 max pool).</summary>
    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "conv1";

    [GlobalSetup]
    public void Setup()
    {
        (_g, _filters) = Layer == "conv1"
            ? (WindowGeometry.Create(16, 32, 32, 3, 3, 3, 1, 1, Padding.Valid), 32)
            : (WindowGeometry.Create(16, 15, 15, 32, 3, 3, 1, 1, Padding.Valid), 64);
        _pool = WindowGeometry.Create(16, _g.OH, _g.OW, _filters, 2, 2, 2, 2, Padding.Valid);
        var random = new RandomGenerator(0);
        _x = random.Uniform(new Shape(_g.InputSize)).ToArray();
        _kernel = random.Uniform(new Shape(_g.Patch * _filters)).ToArray();
        _y = random.Uniform(new Shape(_g.Positions * _filters)).ToArray();
        _col = new float[_g.Positions * _g.Patch];
        _dx = new float[_x.Length];
        _dKernel = new float[_kernel.Length];
        _pooled = new float[_pool.N * _pool.OH * _pool.OW * _pool.C];
        _argmax = new int[_pooled.Length];
        Pooling.MaxForward(_y, _pooled, _argmax, _pool);
    }

    [Benchmark]
    public void Im2Col() => OneBatch.Kernels.Im2Col.Pack(_x, _col, _g);

    [Benchmark]
    public void Forward() => Convolution.Forward(_x, _kernel, _y, _g, _filters);

    [Benchmark]
    public void BackwardKernel() => Convolution.BackwardKernel(_x, _y, _dKernel, _g, _filters, accumulate: false);

    [Benchmark]
    public void BackwardInput() => Convolution.BackwardInput(_y, _kernel, _dx, _g, _filters, accumulate: false);

    [Benchmark]
    public void MaxPool() => Pooling.MaxForward(_y, _pooled, _argmax, _pool);

    [Benchmark]
    public void MaxPoolBackward() => Pooling.MaxBackward(_pooled, _argmax, _y, _y.Length, accumulate: false);
}
