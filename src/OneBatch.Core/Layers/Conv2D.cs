using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A 2-D convolution over channels-last images: <c>activation(conv(x, kernel) + bias)</c>, like
/// <c>keras.layers.Conv2D</c>. x <c>[batch, H, W, C]</c> -> <c>[batch, OH, OW, filters]</c>; kernel
/// <c>[KH, KW, C, filters]</c>, glorot_uniform by default; bias <c>[filters]</c>, zeros by default; strides 1 and
/// "valid" padding by default ("same" pads as TensorFlow does: out = ceil(in / stride)). A dilation rate above 1 reads
/// rows and columns that far apart (an atrous convolution); it cannot be combined with strides above 1, as in Keras.
/// With <see cref="DataFormat.ChannelsFirst"/> the images are <c>[batch, C, H, W]</c> and the output
/// <c>[batch, filters, OH, OW]</c>; the kernel keeps its layout.
/// <code>new Conv2D(32, [3, 3], activation: "relu", inputShape: [32, 32, 3])</code>
/// </summary>
public sealed class Conv2D : Layer
{
    private readonly Window2D _window;

    public Conv2D(
        int filters,
        int[] kernelSize,
        int[]? strides = null,
        string padding = "valid",
        int[]? dilationRate = null,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        if (filters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"Conv2D needs a positive number of filters; got {filters}.");
        }

        KernelSize = Pair(kernelSize, nameof(kernelSize));
        Strides = strides is null ? [1, 1] : Pair(strides, nameof(strides));
        DilationRate = dilationRate is null ? [1, 1] : Pair(dilationRate, "dilationRate");
        RefuseStridedDilation("Conv2D", Strides, DilationRate);
        DataFormat = DataFormats.Parse(dataFormat, "Conv2D");
        Filters = filters;
        Padding = PaddingNames.Parse(padding, nameof(padding));
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        _window = new Window2D(KernelSize[0], KernelSize[1], Strides[0], Strides[1], Padding, DilationRate[0], DilationRate[1]);
    }

    /// <summary>A square kernel: <c>new Conv2D(32, 3)</c> is <c>new Conv2D(32, [3, 3])</c>.</summary>
    public Conv2D(
        int filters,
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        int dilationRate = 1,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : this(filters, [kernelSize, kernelSize], [strides, strides], padding, [dilationRate, dilationRate], activation, useBias, kernelInitializer, biasInitializer, dataFormat, inputShape, name)
    {
    }

    public int Filters { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    /// <summary>[height, width]: the distance between the rows and columns the kernel reads (Keras's <c>dilation_rate</c>).</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary>The kernel, <c>[KH, KW, C, filters]</c> (in Keras 1's own order when it was read from a Keras 1 "th" file).</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>Set when the kernel is stored in another axis order than the engine's (a Keras 1 file's).</summary>
    internal KernelLayout? KernelLayout { get; init; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var (_, h, w) = WindowOutput(inputShape, DataFormat, _window, KernelSize, DilationRate, expected => ShapeError(inputShape, expected));
        return DataFormat.FromChannelsLast(new Shape(h, w, Filters));
    }

    protected override void Build(Shape inputShape)
    {
        var shape = new Shape(KernelSize[0], KernelSize[1], DataFormat.ToChannelsLast(inputShape)[2], Filters);
        if (KernelLayout is { } layout)
        {
            Kernel = AddWeight("kernel", layout.Stored(shape), new Constant(0f));
            layout.Fill(Kernel.Value, shape, KernelInitializer, BuildRandom);
        }
        else
        {
            Kernel = AddWeight("kernel", shape, KernelInitializer);
        }
        if (UseBias)
        {
            Bias = AddWeight("bias", new Shape(Filters), BiasInitializer);
        }
    }

    // x: [batch, H, W, C] -> [batch, OH, OW, filters] (channels first: [batch, C, H, W] -> [batch, filters, OH, OW])
    // A plain ReLU is fused into the convolution (applied to each block of the output while it is in cache).
    protected internal override Tensor Call(Tensor x, bool training)
    {
        var kernel = KernelLayout?.ToEngine(Kernel!.Value) ?? Kernel!.Value;
        var input = DataFormat.ToChannelsLast(x);
        var y = ReferenceEquals(Activation, ActivationFunction.Relu)
            ? Ops.Conv2D(input, kernel, Bias?.Value, _window, relu: true)
            : Activation.Apply(Ops.Conv2D(input, kernel, Bias?.Value, _window));
        return DataFormat.FromChannelsLast(y);
    }

    /// <summary>Keras refuses strides above 1 together with a dilation rate above 1; so does every 2-D convolution here.</summary>
    internal static void RefuseStridedDilation(string layer, IReadOnlyList<int> strides, IReadOnlyList<int> dilationRate)
    {
        if (strides.Max() > 1 && dilationRate.Max() > 1)
        {
            throw new ArgumentException(
                $"{layer} cannot combine strides > 1 with dilation_rate > 1 (Keras refuses it too); got strides [{strides[0]}, {strides[1]}] and dilation_rate [{dilationRate[0]}, {dilationRate[1]}].");
        }
    }

    /// <summary>"3x3 kernel", or "3x3 kernel dilated by 2x2" for an atrous one.</summary>
    internal static string DescribeKernel(IReadOnlyList<int> size, IReadOnlyList<int> dilation) =>
        dilation[0] == 1 && dilation[1] == 1 ? $"{size[0]}x{size[1]} kernel" : $"{size[0]}x{size[1]} kernel dilated by {dilation[0]}x{dilation[1]}";

    /// <summary>
    /// The input in channels-last order and the output height and width of a window sliding over images of
    /// <paramref name="inputShape"/> (in <paramref name="format"/>); a shape that is not images, or too small for the
    /// window, is the error <paramref name="shapeError"/> makes of what was expected.
    /// </summary>
    internal static (Shape Last, int H, int W) WindowOutput(
        Shape inputShape, DataFormat format, Window2D window, IReadOnlyList<int> kernelSize, IReadOnlyList<int> dilation, Func<string, Exception> shapeError)
    {
        if (inputShape.Rank != 3)
        {
            throw shapeError(format.ImagesExpected());
        }

        var last = format.ToChannelsLast(inputShape);
        var (h, w) = window.OutputSize(last[0], last[1]);
        if (h <= 0 || w <= 0)
        {
            throw shapeError(
                $"images of at least {WindowGeometry.Span(kernelSize[0], dilation[0])}x{WindowGeometry.Span(kernelSize[1], dilation[1])} for its {DescribeKernel(kernelSize, dilation)} with valid padding");
        }

        return (last, h, w);
    }

    /// <summary>Two positive sizes [height, width] (or one, used for both).</summary>
    internal static int[] Pair(int[] values, string argument)
    {
        ArgumentNullException.ThrowIfNull(values, argument);
        if (values.Length is not (1 or 2) || values.Any(v => v <= 0))
        {
            throw new ArgumentException($"{argument} must be one or two positive integers; got [{string.Join(", ", values)}].", argument);
        }

        return values.Length == 1 ? [values[0], values[0]] : [values[0], values[1]];
    }
}
