using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A 1-D convolution along the steps of sequences: <c>activation(conv(x, kernel) + bias)</c>, like
/// <c>keras.layers.Conv1D</c>. x <c>[batch, steps, channels]</c> -> <c>[batch, new_steps, filters]</c>; kernel
/// <c>[kernel_size, channels, filters]</c>, glorot_uniform by default; bias <c>[filters]</c>, zeros by default.
/// Padding "valid" (the default), "same" (out = ceil(steps / stride), as TensorFlow pads) or "causal" (all the
/// padding before the first step, so output t sees no input after t). Strides above 1 and a dilation rate above 1
/// cannot be combined, as in Keras.
/// <code>new Conv1D(64, 3, padding: "causal", dilationRate: 2, activation: "relu")</code>
/// </summary>
/// <remarks>
/// Masks: Keras 3's Conv1D does not support masking, so a mask on the input (from an Embedding with
/// <c>mask_zero</c>, or Masking) is dropped here (Keras warns that it is destroyed): the padded steps are convolved
/// like any other, and nothing downstream sees a mask.
/// </remarks>
public sealed class Conv1D : Layer
{
    private readonly Window1D _window;

    public Conv1D(
        int filters,
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        int dilationRate = 1,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        Positive(filters, "filters");
        Positive(kernelSize, "kernel_size");
        Positive(strides, "strides");
        Positive(dilationRate, "dilation_rate");
        if (strides > 1 && dilationRate > 1)
        {
            throw new ArgumentException(
                $"Conv1D cannot combine strides > 1 with dilation_rate > 1 (Keras refuses it too); got strides {strides} and dilation_rate {dilationRate}.");
        }

        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides;
        DilationRate = dilationRate;
        Padding = PaddingNames.Parse(padding, "Conv1D", allowCausal: true);
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        _window = new Window1D(kernelSize, strides, Padding, dilationRate);
    }

    public int Filters { get; }

    public int KernelSize { get; }

    public int Strides { get; }

    public Padding Padding { get; }

    /// <summary>The distance between the steps a kernel reads (Keras's <c>dilation_rate</c>).</summary>
    public int DilationRate { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    public Variable? Kernel { get; private set; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 2)
        {
            throw ShapeError(inputShape, "sequences [steps, channels] (rank 2 per sample)");
        }

        int steps = _window.OutputLength(inputShape[0]);
        if (steps <= 0)
        {
            string kernel = DilationRate == 1 ? $"{KernelSize}-step kernel" : $"{KernelSize}-step kernel dilated by {DilationRate}";
            throw ShapeError(inputShape, $"sequences of at least {Math.Max(1, _window.Span)} steps for its {kernel} with {Padding.ToKerasName()} padding");
        }

        return new Shape(steps, Filters);
    }

    protected override void Build(Shape inputShape)
    {
        Kernel = AddWeight("kernel", new Shape(KernelSize, inputShape[1], Filters), KernelInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", new Shape(Filters), BiasInitializer);
        }
    }

    // x: [batch, steps, channels] -> [batch, new_steps, filters]
    protected internal override Tensor Call(Tensor x, bool training) =>
        Activation.Apply(Ops.Conv1D(x, Kernel!.Value, Bias?.Value, _window));

    private static void Positive(int value, string key)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"Conv1D needs a positive {key}; got {value}.");
        }
    }
}
