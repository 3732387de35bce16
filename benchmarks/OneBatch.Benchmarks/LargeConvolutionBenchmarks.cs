using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Benchmarks;

/// <summary>
/// The convolution kernels (forward, input gradient, kernel gradient) and max pooling at the larger CNN's shapes
/// (batch 32), and the other convolution kinds against a Conv2D of the same FLOPs, with a GFLOP/s column to read
/// against the machine's multiply-add peak (<see cref="FmaPeakBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(GflopsConfig))]
public class LargeConvolutionBenchmarks
{
    private WindowGeometry _g;
    private WindowGeometry _pool;
    private int _filters;
    private float[] _x = [];
    private float[] _kernel = [];
    private float[] _y = [];
    private float[] _dx = [];
    private float[] _dKernel = [];
    private float[] _pooled = [];
    private int[] _argmax = [];

    /// <summary>
    /// conv1..conv3: the large CNN's same-padded 3x3 convolutions (64x64x3 -> 32, 32x32x32 -> 64, 16x16x64 -> 128).
    /// transposed: Conv2DTranspose 3x3 stride 2 same, 16x16x128 -> 32x32x64 (the adjoint of a stride-2 conv; conv3's FLOPs).
    /// dilated: conv3 with dilation 2 (conv3's FLOPs). depthwise: DepthwiseConv2D 3x3 same over 32x32x64;
    /// depthwise-flops: a Conv2D 3x3 same 32x32x8 -> 8 of the same FLOPs.
    /// </summary>
    [Params("conv1", "conv2", "conv3", "transposed", "dilated", "depthwise", "depthwise-flops")]
    public string Case { get; set; } = "conv1";

    /// <summary>Multiply-adds times two of one pass (all three passes have the same count).</summary>
    public static double Flops(string kind)
    {
        var (g, filters) = Geometry(kind);
        return kind == "depthwise" ? 2.0 * g.Positions * g.C * g.KH * g.KW : 2.0 * g.Positions * g.Patch * filters;
    }

    private static (WindowGeometry G, int Filters) Geometry(string kind) => kind switch
    {
        "conv1" => (WindowGeometry.Create(32, 64, 64, 3, 3, 3, 1, 1, Padding.Same), 32),
        "conv2" => (WindowGeometry.Create(32, 32, 32, 32, 3, 3, 1, 1, Padding.Same), 64),
        "conv3" => (WindowGeometry.Create(32, 16, 16, 64, 3, 3, 1, 1, Padding.Same), 128),

        // The convolution 32x32x64 -> 16x16x128 whose adjoint the transposed one is: its "filters" are x's 128 channels.
        "transposed" => (WindowGeometry.Transposed(32, 16, 16, 64, 3, 3, 2, 2, Padding.Same, null, null, 1, 1), 128),
        "dilated" => (WindowGeometry.Create(32, 16, 16, 64, 3, 3, 1, 1, Padding.Same, 2, 2), 128),
        "depthwise" => (WindowGeometry.Create(32, 32, 32, 64, 3, 3, 1, 1, Padding.Same), 1),
        "depthwise-flops" => (WindowGeometry.Create(32, 32, 32, 8, 3, 3, 1, 1, Padding.Same), 8),
        _ => throw new ArgumentException(kind),
    };

    [GlobalSetup]
    public void Setup()
    {
        (_g, _filters) = Geometry(Case);
        var random = new RandomGenerator(0);
        int outputs = Case == "depthwise" ? _g.Positions * _g.C : _g.Positions * _filters;
        int kernel = Case == "depthwise" ? _g.KH * _g.KW * _g.C : _g.Patch * _filters;
        _x = random.Uniform(new Shape(_g.InputSize)).ToArray();
        _kernel = random.Uniform(new Shape(kernel)).ToArray();
        _y = random.Uniform(new Shape(outputs)).ToArray();
        _dx = new float[_x.Length];
        _dKernel = new float[kernel];
        int channels = outputs / _g.Positions;
        _pool = WindowGeometry.Create(_g.N, _g.OH, _g.OW, channels, 2, 2, 2, 2, Padding.Valid);
        _pooled = new float[_pool.N * _pool.OH * _pool.OW * channels];
        _argmax = new int[_pooled.Length];
        Pooling.MaxForward(_y, _pooled, _argmax, _pool);
    }

    // A transposed convolution's forward pass is its adjoint convolution's input gradient, and the other way round;
    // its kernel gradient is the adjoint's with x and dy exchanged.
    [Benchmark]
    public void Forward()
    {
        switch (Case)
        {
            case "transposed":
                Convolution.BackwardInput(_y, _kernel, _x, _g, _filters, accumulate: false);
                break;
            case "depthwise":
                DepthwiseConvolution.Forward(_x, _kernel, default, _y, _g, 1);
                break;
            default:
                Convolution.Forward(_x, _kernel, _y, _g, _filters);
                break;
        }
    }

    [Benchmark]
    public void BackwardInput()
    {
        switch (Case)
        {
            case "transposed":
                Convolution.Forward(_x, _kernel, _y, _g, _filters);
                break;
            case "depthwise":
                DepthwiseConvolution.BackwardInput(_y, _kernel, _dx, _g, 1, accumulate: false);
                break;
            default:
                Convolution.BackwardInput(_y, _kernel, _dx, _g, _filters, accumulate: false);
                break;
        }
    }

    [Benchmark]
    public void BackwardKernel()
    {
        switch (Case)
        {
            case "depthwise":
                DepthwiseConvolution.BackwardKernel(_x, _y, _dKernel, _g, 1, accumulate: false);
                break;
            default:
                Convolution.BackwardKernel(_x, _y, _dKernel, _g, _filters, accumulate: false);
                break;
        }
    }

    /// <summary>The 2x2 max pool over the convolution's output (memory-bound: GFLOP/s does not apply).</summary>
    [Benchmark]
    public void MaxPool() => Pooling.MaxForward(_y, _pooled, _argmax, _pool);

    [Benchmark]
    public void MaxPoolBackward() => Pooling.MaxBackward(_pooled, _argmax, _y, _y.Length, accumulate: false, _pool.N);

    private sealed class GflopsConfig : ManualConfig
    {
        // Pooling is memory-bound: no GFLOP/s for it.
        public GflopsConfig() => AddColumn(new GflopsColumn(
            c => c.Descriptor.WorkloadMethod.Name.StartsWith("MaxPool", StringComparison.Ordinal) ? null : Flops((string)c.Parameters["Case"])));
    }
}
