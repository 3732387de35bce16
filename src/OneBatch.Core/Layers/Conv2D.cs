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
/// "valid" padding by default ("same" pads as TensorFlow does: out = ceil(in / stride)).
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
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
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
        Filters = filters;
        Padding = PaddingNames.Parse(padding, nameof(padding));
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        _window = new Window2D(KernelSize[0], KernelSize[1], Strides[0], Strides[1], Padding);
    }

    /// <summary>A square kernel: <c>new Conv2D(32, 3)</c> is <c>new Conv2D(32, [3, 3])</c>.</summary>
    public Conv2D(
        int filters,
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        int[]? inputShape = null,
        string? name = null)
        : this(filters, [kernelSize, kernelSize], [strides, strides], padding, activation, useBias, kernelInitializer, biasInitializer, inputShape, name)
    {
    }

    public int Filters { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    public Variable? Kernel { get; private set; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw ShapeError(inputShape, "images [height, width, channels] (rank 3 per sample)");
        }

        var (h, w) = _window.OutputSize(inputShape[0], inputShape[1]);
        if (h <= 0 || w <= 0)
        {
            throw ShapeError(inputShape, $"images of at least {KernelSize[0]}x{KernelSize[1]} for its {KernelSize[0]}x{KernelSize[1]} kernel with valid padding");
        }

        return new Shape(h, w, Filters);
    }

    protected override void Build(Shape inputShape)
    {
        Kernel = AddWeight("kernel", new Shape(KernelSize[0], KernelSize[1], inputShape[2], Filters), KernelInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", new Shape(Filters), BiasInitializer);
        }
    }

    // x: [batch, H, W, C] -> [batch, OH, OW, filters]
    protected internal override Tensor Call(Tensor x, bool training) =>
        Activation.Apply(Ops.Conv2D(x, Kernel!.Value, Bias?.Value, _window));

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
