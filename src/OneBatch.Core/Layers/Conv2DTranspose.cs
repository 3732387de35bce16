using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A transposed 2-D convolution (a "deconvolution"), like <c>keras.layers.Conv2DTranspose</c>: it goes the way back of
/// a Conv2D with the same settings, spreading each input pixel over a kernel-sized patch of a larger output.
/// x <c>[batch, H, W, C]</c> -> <c>[batch, OH, OW, filters]</c>; kernel <c>[KH, KW, filters, C]</c> as Keras stores it,
/// glorot_uniform by default; bias <c>[filters]</c>, zeros by default. Output sizes are Keras 3's: "valid" gives
/// <c>(H - 1) * stride + KH + output_padding</c> (output_padding defaulting to <c>max(KH, stride) - KH</c>); "same"
/// gives <c>H * stride</c>, or <c>(H - 1) * stride + KH % 2 + output_padding</c> when output_padding is given (for a
/// dilated kernel KH is its span). output_padding must stay below the stride; strides above 1 cannot be combined with a
/// dilation rate above 1, as in Keras.
/// <code>new Conv2DTranspose(16, [3, 3], strides: [2, 2], padding: "same", activation: "relu")</code>
/// </summary>
public sealed class Conv2DTranspose : Layer
{
    private TransposedWindow2D _window;
    private Shape _windowInput;

    public Conv2DTranspose(
        int filters,
        int[] kernelSize,
        int[]? strides = null,
        string padding = "valid",
        int[]? outputPadding = null,
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
            throw new ArgumentException($"Conv2DTranspose needs a positive number of filters; got {filters}.");
        }

        KernelSize = Conv2D.Pair(kernelSize, nameof(kernelSize));
        Strides = strides is null ? [1, 1] : Conv2D.Pair(strides, nameof(strides));
        DilationRate = dilationRate is null ? [1, 1] : Conv2D.Pair(dilationRate, "dilationRate");
        Conv2D.RefuseStridedDilation("Conv2DTranspose", Strides, DilationRate);
        if (outputPadding is not null)
        {
            if (outputPadding.Length is not (1 or 2) || outputPadding.Any(p => p < 0))
            {
                throw new ArgumentException($"Conv2DTranspose's output_padding must be one or two whole numbers of 0 or more; got [{string.Join(", ", outputPadding)}].");
            }

            int[] pair = outputPadding.Length == 1 ? [outputPadding[0], outputPadding[0]] : [outputPadding[0], outputPadding[1]];
            if (pair[0] >= Strides[0] || pair[1] >= Strides[1])
            {
                throw new ArgumentException(
                    $"Conv2DTranspose's output_padding must be smaller than the strides (Keras refuses it otherwise); got output_padding [{pair[0]}, {pair[1]}] with strides [{Strides[0]}, {Strides[1]}].");
            }

            OutputPadding = pair;
        }

        Filters = filters;
        Padding = PaddingNames.Parse(padding, "Conv2DTranspose", allowCausal: false);
        DataFormat = DataFormats.Parse(dataFormat, "Conv2DTranspose");
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        _window = new TransposedWindow2D(
            KernelSize[0], KernelSize[1], Strides[0], Strides[1], Padding, OutputPadding?[0], OutputPadding?[1], DilationRate[0], DilationRate[1]);
    }

    /// <summary>A square kernel, strides, dilation and output padding: <c>new Conv2DTranspose(16, 3, strides: 2)</c>.</summary>
    public Conv2DTranspose(
        int filters,
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        int? outputPadding = null,
        int dilationRate = 1,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        string? dataFormat = null,
        int[]? inputShape = null,
        string? name = null)
        : this(
            filters, [kernelSize, kernelSize], [strides, strides], padding, outputPadding is int p ? [p, p] : null, [dilationRate, dilationRate],
            activation, useBias, kernelInitializer, biasInitializer, dataFormat, inputShape, name)
    {
    }

    public int Filters { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    /// <summary>[height, width] added after the last output row and column, or null for Keras's default.</summary>
    public IReadOnlyList<int>? OutputPadding { get; }

    /// <summary>[height, width] (Keras's <c>dilation_rate</c>).</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary>The kernel <c>[KH, KW, filters, input channels]</c> (in Keras 1's own order when read from a Keras 1 file).</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>Set when the kernel is stored in another axis order than the engine's (a Keras 1 file's).</summary>
    internal KernelLayout? KernelLayout { get; init; }

    /// <summary>
    /// Keras 1's Deconvolution2D gives the output [height, width] itself (its output_shape) and TensorFlow pads to
    /// reach it: the output padding is then whatever makes up the difference for the input size at hand.
    /// </summary>
    internal int[]? FixedOutputSize { get; init; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw ShapeError(inputShape, DataFormat.ImagesExpected());
        }

        var last = DataFormat.ToChannelsLast(inputShape);
        var (h, w) = WindowFor(inputShape, last).OutputSize(last[0], last[1]);
        if (h <= 0 || w <= 0)
        {
            throw ShapeError(inputShape, $"images that its {Conv2D.DescribeKernel(KernelSize, DilationRate)} with {Padding.ToKerasName()} padding turns into a non-empty output");
        }

        return DataFormat.FromChannelsLast(new Shape(h, w, Filters));
    }

    protected override void Build(Shape inputShape)
    {
        _window = WindowFor(inputShape, DataFormat.ToChannelsLast(inputShape));
        var shape = new Shape(KernelSize[0], KernelSize[1], Filters, DataFormat.ToChannelsLast(inputShape)[2]);
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
    protected internal override Tensor Call(Tensor x, bool training) =>
        DataFormat.FromChannelsLast(Activation.Apply(Ops.Conv2DTranspose(
            DataFormat.ToChannelsLast(x), KernelLayout?.ToEngine(Kernel!.Value) ?? Kernel!.Value, Bias?.Value, _window)));

    // The window for a per-sample input (its channels-last form given): the constructor's, or with a fixed output size
    // one whose output padding reaches that size, as TensorFlow's conv2d_transpose accepts it.
    private TransposedWindow2D WindowFor(Shape inputShape, Shape last)
    {
        if (FixedOutputSize is not { } size || _windowInput == inputShape)
        {
            return _window;
        }

        int[] extra = new int[2];
        for (int axis = 0; axis < 2; axis++)
        {
            int input = last[axis], k = WindowGeometry.Span(KernelSize[axis], DilationRate[axis]), s = Strides[axis];
            extra[axis] = size[axis] - WindowGeometry.TransposedAxis(input, KernelSize[axis], s, Padding, 0, DilationRate[axis]).Out;
            int reached = Padding == Padding.Valid ? (size[axis] < k ? 0 : ((size[axis] - k) / s) + 1) : (size[axis] + s - 1) / s;
            if (extra[axis] < 0 || reached != input)
            {
                throw ShapeError(
                    inputShape,
                    $"inputs that its output_shape [{size[0]}, {size[1]}] fits (a {Padding.ToKerasName()} convolution with this kernel and strides must turn {size[0]}x{size[1]} back into the input's size)");
            }
        }

        _windowInput = inputShape;
        return _window = new TransposedWindow2D(
            KernelSize[0], KernelSize[1], Strides[0], Strides[1], Padding, extra[0], extra[1], DilationRate[0], DilationRate[1]);
    }
}
