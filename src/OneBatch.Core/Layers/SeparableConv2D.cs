using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A depthwise-separable 2-D convolution, like <c>keras.layers.SeparableConv2D</c>: a depthwise convolution (each
/// channel on its own, <c>depthMultiplier</c> kernels per channel, with the layer's strides, padding and dilation) and
/// then a pointwise 1x1 convolution that mixes the channels into <c>filters</c>, the bias and the activation last.
/// x <c>[batch, H, W, C]</c> -> <c>[batch, OH, OW, filters]</c>. Weights in Keras's order and names:
/// <c>depthwise_kernel [KH, KW, C, M]</c>, <c>pointwise_kernel [1, 1, C * M, filters]</c>, <c>bias [filters]</c>;
/// both kernels glorot_uniform by default.
/// <code>new SeparableConv2D(64, [3, 3], padding: "same", activation: "relu")</code>
/// </summary>
public sealed class SeparableConv2D : Layer
{
    private static readonly Window2D s_pointwise = new(1, 1);
    private readonly Window2D _window;

    public SeparableConv2D(
        int filters,
        int[] kernelSize,
        int[]? strides = null,
        string padding = "valid",
        int depthMultiplier = 1,
        int[]? dilationRate = null,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? depthwiseInitializer = null,
        Initializer? pointwiseInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        if (filters <= 0)
        {
            throw new ArgumentException($"SeparableConv2D needs a positive number of filters; got {filters}.");
        }

        if (depthMultiplier <= 0)
        {
            throw new ArgumentException($"SeparableConv2D needs a positive depth_multiplier; got {depthMultiplier}.");
        }

        KernelSize = Conv2D.Pair(kernelSize, nameof(kernelSize));
        Strides = strides is null ? [1, 1] : Conv2D.Pair(strides, nameof(strides));
        DilationRate = dilationRate is null ? [1, 1] : Conv2D.Pair(dilationRate, "dilationRate");
        Conv2D.RefuseStridedDilation("SeparableConv2D", Strides, DilationRate);
        Filters = filters;
        DepthMultiplier = depthMultiplier;
        Padding = PaddingNames.Parse(padding, "SeparableConv2D", allowCausal: false);
        DataFormat = DataFormats.Parse(dataFormat, "SeparableConv2D");
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        DepthwiseInitializer = depthwiseInitializer ?? new GlorotUniform();
        PointwiseInitializer = pointwiseInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        _window = new Window2D(KernelSize[0], KernelSize[1], Strides[0], Strides[1], Padding, DilationRate[0], DilationRate[1]);
    }

    /// <summary>A square kernel: <c>new SeparableConv2D(64, 3)</c> is <c>new SeparableConv2D(64, [3, 3])</c>.</summary>
    public SeparableConv2D(
        int filters,
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        int depthMultiplier = 1,
        int dilationRate = 1,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? depthwiseInitializer = null,
        Initializer? pointwiseInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : this(
            filters, [kernelSize, kernelSize], [strides, strides], padding, depthMultiplier, [dilationRate, dilationRate], activation, useBias,
            depthwiseInitializer, pointwiseInitializer, biasInitializer, dataFormat, inputShape, name)
    {
    }

    public int Filters { get; }

    /// <summary>[height, width] of the depthwise kernel.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>[height, width], applied by the depthwise step.</summary>
    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    /// <summary>Depthwise kernels per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>[height, width] (Keras's <c>dilation_rate</c>), applied by the depthwise step.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer DepthwiseInitializer { get; }

    public Initializer PointwiseInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary><c>[KH, KW, C, depthMultiplier]</c>.</summary>
    public Variable? DepthwiseKernel { get; private set; }

    /// <summary><c>[1, 1, C * depthMultiplier, filters]</c>.</summary>
    public Variable? PointwiseKernel { get; private set; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var (_, h, w) = Conv2D.WindowOutput(inputShape, DataFormat, _window, KernelSize, DilationRate, expected => ShapeError(inputShape, expected));
        return DataFormat.FromChannelsLast(new Shape(h, w, Filters));
    }

    protected override void Build(Shape inputShape)
    {
        int channels = DataFormat.ToChannelsLast(inputShape)[2];
        DepthwiseKernel = AddWeight("depthwise_kernel", new Shape(KernelSize[0], KernelSize[1], channels, DepthMultiplier), DepthwiseInitializer);
        PointwiseKernel = AddWeight("pointwise_kernel", new Shape(1, 1, channels * DepthMultiplier, Filters), PointwiseInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", new Shape(Filters), BiasInitializer);
        }
    }

    // x: [batch, H, W, C] -> depthwise [batch, OH, OW, C * M] -> pointwise [batch, OH, OW, filters]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        var depthwise = Ops.DepthwiseConv2D(DataFormat.ToChannelsLast(x), DepthwiseKernel!.Value, null, _window);
        return DataFormat.FromChannelsLast(Activation.Apply(Ops.Conv2D(depthwise, PointwiseKernel!.Value, Bias?.Value, s_pointwise)));
    }
}
