using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A depthwise 2-D convolution, like <c>keras.layers.DepthwiseConv2D</c>: each input channel is convolved on its own
/// with <c>depthMultiplier</c> kernels, and nothing mixes the channels. x <c>[batch, H, W, C]</c> ->
/// <c>[batch, OH, OW, C * depthMultiplier]</c> (output channel <c>c * M + m</c> from channel c); kernel
/// <c>[KH, KW, C, depthMultiplier]</c> (Keras 3 names it <c>kernel</c>, tf.keras 2 <c>depthwise_kernel</c>),
/// glorot_uniform by default; bias <c>[C * depthMultiplier]</c>, zeros by default. Sizes, padding, strides and
/// dilation as in <see cref="Conv2D"/> (strides above 1 cannot be combined with a dilation rate above 1).
/// <code>new DepthwiseConv2D([3, 3], padding: "same", depthMultiplier: 2, activation: "relu")</code>
/// </summary>
public sealed class DepthwiseConv2D : Layer
{
    private readonly Window2D _window;

    public DepthwiseConv2D(
        int[] kernelSize,
        int[]? strides = null,
        string padding = "valid",
        int depthMultiplier = 1,
        int[]? dilationRate = null,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? depthwiseInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        if (depthMultiplier <= 0)
        {
            throw new ArgumentException($"DepthwiseConv2D needs a positive depth_multiplier; got {depthMultiplier}.");
        }

        KernelSize = Conv2D.Pair(kernelSize, nameof(kernelSize));
        Strides = strides is null ? [1, 1] : Conv2D.Pair(strides, nameof(strides));
        DilationRate = dilationRate is null ? [1, 1] : Conv2D.Pair(dilationRate, "dilationRate");
        Conv2D.RefuseStridedDilation("DepthwiseConv2D", Strides, DilationRate);
        DepthMultiplier = depthMultiplier;
        Padding = PaddingNames.Parse(padding, "DepthwiseConv2D", allowCausal: false);
        DataFormat = DataFormats.Parse(dataFormat, "DepthwiseConv2D");
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        DepthwiseInitializer = depthwiseInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        _window = new Window2D(KernelSize[0], KernelSize[1], Strides[0], Strides[1], Padding, DilationRate[0], DilationRate[1]);
    }

    /// <summary>A square kernel: <c>new DepthwiseConv2D(3)</c> is <c>new DepthwiseConv2D([3, 3])</c>.</summary>
    public DepthwiseConv2D(
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        int depthMultiplier = 1,
        int dilationRate = 1,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? depthwiseInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : this(
            [kernelSize, kernelSize], [strides, strides], padding, depthMultiplier, [dilationRate, dilationRate], activation, useBias, depthwiseInitializer,
            biasInitializer, dataFormat, inputShape, name)
    {
    }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    /// <summary>Output channels per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>[height, width] (Keras's <c>dilation_rate</c>).</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer DepthwiseInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary>The kernel <c>[KH, KW, C, depthMultiplier]</c>.</summary>
    public Variable? Kernel { get; private set; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var (last, h, w) = Conv2D.WindowOutput(inputShape, DataFormat, _window, KernelSize, DilationRate, expected => ShapeError(inputShape, expected));
        return DataFormat.FromChannelsLast(new Shape(h, w, last[2] * DepthMultiplier));
    }

    protected override void Build(Shape inputShape)
    {
        int channels = DataFormat.ToChannelsLast(inputShape)[2];
        Kernel = AddWeight("kernel", new Shape(KernelSize[0], KernelSize[1], channels, DepthMultiplier), DepthwiseInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", new Shape(channels * DepthMultiplier), BiasInitializer);
        }
    }

    // x: [batch, H, W, C] -> [batch, OH, OW, C * M] (channels first: [batch, C, H, W] -> [batch, C * M, OH, OW])
    protected internal override Tensor Call(Tensor x, bool training) =>
        DataFormat.FromChannelsLast(Activation.Apply(Ops.DepthwiseConv2D(DataFormat.ToChannelsLast(x), Kernel!.Value, Bias?.Value, _window)));
}
