using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// What Keras's recurrent layers (<see cref="SimpleRNN"/>, <see cref="LSTM"/>, <see cref="GRU"/>) share, like
/// <c>keras.layers.RNN</c>: a sequence <c>x [batch, time, features]</c> gives the last output <c>[batch, units]</c>, or with
/// <see cref="ReturnSequences"/> every step's <c>[batch, time, units]</c>; <see cref="ReturnState"/> adds the final states
/// as further outputs. Weights as Keras lays them out: <c>kernel [features, gates * units]</c>,
/// <c>recurrent_kernel [units, gates * units]</c> (orthogonal by default), <c>bias</c>. A mask on the input (from an
/// Embedding with <c>mask_zero</c> or a Masking layer) makes padded steps carry the state over. The whole layer is one
/// fused op, so its gradient comes from that op.
/// <para>
/// Dropout and recurrent dropout are kept as settings but never applied: the single-batch check runs these layers as in
/// inference, and such a layer says so (<see cref="Layer.ActsOnlyInTraining"/>). A stateful layer runs stateless (each
/// call starts from zero states). Unrolling changes nothing here.
/// </para>
/// </summary>
public abstract class RecurrentLayer : Layer, IRecurrentStatistics
{
    private readonly RecurrentProbe _probe = new();
    private readonly Tensor?[] _noMask = new Tensor?[1];

    private protected RecurrentLayer(
        int units, ActivationFunction? activation, ActivationFunction? recurrentActivation, bool useBias,
        Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer, float dropout, float recurrentDropout,
        bool returnSequences, bool returnState, bool goBackwards, bool stateful, bool unroll, bool zeroOutputForMask, int[]? inputShape, string? name)
        : base(name, inputShape)
    {
        if (units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"{ClassName} '{Name}' needs a positive number of units; got {units}.");
        }

        if (!(dropout is >= 0f and <= 1f) || !(recurrentDropout is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(
                dropout is >= 0f and <= 1f ? nameof(recurrentDropout) : nameof(dropout),
                $"{ClassName} '{Name}': dropout and recurrent_dropout must lie in [0, 1]; got {dropout} and {recurrentDropout}.");
        }

        Units = units;
        Activation = activation ?? ActivationFunction.Tanh;
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Sigmoid;
        CellActivation = ToGate(Activation, "activation");
        GateActivation = ToGate(RecurrentActivation, "recurrent_activation");
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        GoBackwards = goBackwards;
        Stateful = stateful;
        Unroll = unroll;
        ZeroOutputForMask = zeroOutputForMask;
    }

    public int Units { get; }

    /// <summary>The cell's activation (tanh by default).</summary>
    public ActivationFunction Activation { get; }

    /// <summary>The gates' activation (sigmoid by default; SimpleRNN has no gates and ignores it).</summary>
    public ActivationFunction RecurrentActivation { get; }

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer RecurrentInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary>The input dropout rate (kept, never applied: see the class summary).</summary>
    public float Dropout { get; }

    /// <summary>The recurrent dropout rate (kept, never applied).</summary>
    public float RecurrentDropout { get; }

    public bool ReturnSequences { get; }

    public bool ReturnState { get; }

    /// <summary>The sequence is processed from its last step to its first, and the output sequence comes in that order, as in Keras.</summary>
    public bool GoBackwards { get; }

    /// <summary>Keras's <c>stateful</c>: kept for the check to note; the layer runs stateless.</summary>
    public bool Stateful { get; }

    /// <summary>Keras's <c>unroll</c>: kept, no effect.</summary>
    public bool Unroll { get; }

    /// <summary>
    /// A masked step outputs zeros instead of the previous output (Keras's <c>zero_output_for_mask</c>; a
    /// <see cref="Bidirectional"/> sets it when it returns sequences). The state carries over either way.
    /// </summary>
    public bool ZeroOutputForMask { get; internal set; }

    public Variable? Kernel { get; private set; }

    public Variable? RecurrentKernel { get; private set; }

    public Variable? Bias { get; private set; }

    public override bool ActsOnlyInTraining => Dropout > 0f || RecurrentDropout > 0f;

    /// <summary>The gates in Keras's order (<c>i, f, c, o</c>; <c>z, r, h</c>; <c>h</c>), once the layer has run.</summary>
    public IReadOnlyList<string> GateNames => _probe.GateNames;

    /// <summary>
    /// The share of gate pre-activations (an LSTM's or GRU's gates and candidate, a SimpleRNN's activation input) that lay
    /// beyond +-5 in the last forward pass, over the real (unmasked) steps, counting only gates whose activation flattens
    /// out (sigmoid, tanh; for a hard sigmoid, its flat parts). NaN before the layer has run. Computed when read.
    /// </summary>
    public float GateSaturation => _probe.GateSaturation;

    /// <summary>The same share for each gate of <see cref="GateNames"/>.</summary>
    public IReadOnlyList<float> GateSaturationByGate => _probe.GateSaturationByGate;

    /// <summary>
    /// The L2 norm of dL/dh over the batch at the first and at the last processed step of the last backward pass:
    /// far below at the first step, the gradient vanishes through time; far above, it explodes. Null before one.
    /// </summary>
    public (float First, float Last)? HiddenGradientNorms => _probe.HiddenGradientNorms;

    /// <summary>The number of states (LSTM: h and c; GRU, SimpleRNN: h).</summary>
    public abstract int StateCount { get; }

    /// <summary>With <see cref="ReturnSequences"/>, give the outputs last processed step first (a Bidirectional's backward half).</summary>
    internal bool ReverseOutputs { get; set; }

    /// <summary>How many blocks of <see cref="Units"/> columns the kernels have (LSTM 4, GRU 3, SimpleRNN 1).</summary>
    private protected abstract int Gates { get; }

    private protected GateActivation CellActivation { get; }

    private protected GateActivation GateActivation { get; }

    /// <summary>
    /// A new, unbuilt layer with this one's settings (Keras's <c>from_config(get_config())</c>), processing the
    /// sequence backwards or not and named <paramref name="name"/>: how a Bidirectional makes its two halves.
    /// </summary>
    public abstract RecurrentLayer CloneConfig(bool goBackwards, string name);

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count != 1)
        {
            throw new ArgumentException($"Layer '{Name}' ({ClassName}) takes one input; got {inputShapes.Count}.");
        }

        var input = inputShapes[0];
        if (input.Rank != 2 || input[0] < 1)
        {
            throw ShapeError(input, "sequences [time, features] of at least one step");
        }

        var shapes = new Shape[1 + (ReturnState ? StateCount : 0)];
        shapes[0] = ReturnSequences ? new Shape(input[0], Units) : new Shape(Units);
        for (int i = 1; i < shapes.Length; i++)
        {
            shapes[i] = new Shape(Units);
        }

        return shapes;
    }

    protected override void Build(Shape inputShape)
    {
        int columns = Gates * Units;
        Kernel = AddWeight("kernel", new Shape(inputShape.Last, columns), KernelInitializer);
        RecurrentKernel = AddWeight("recurrent_kernel", new Shape(Units, columns), RecurrentInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", BiasShape, BiasFiller);
        }
    }

    /// <summary>The bias's shape (LSTM <c>[4U]</c>; GRU <c>[2, 3U]</c> or <c>[3U]</c>; SimpleRNN <c>[U]</c>).</summary>
    private protected abstract Shape BiasShape { get; }

    /// <summary>What fills the bias: the bias initializer, or an LSTM's with the forget gate's part set to 1.</summary>
    private protected virtual Initializer BiasFiller => BiasInitializer;

    /// <summary>Runs the layer's fused op: <c>[batch, rows + states, units]</c> (see <see cref="RecurrentOptions"/>).</summary>
    private protected abstract Tensor Run(Tensor x, Tensor? mask, RecurrentOptions options, RecurrentProbe probe);

    // x: [batch, time, features] -> [batch, units] or [batch, time, units], then the states [batch, units]
    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        Call(inputs, _noMask, outputs, training);

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training)
    {
        var x = inputs[0];
        var mask = masks.Length > 0 ? masks[0] : null;
        var options = new RecurrentOptions
        {
            Activation = CellActivation,
            RecurrentActivation = GateActivation,
            GoBackwards = GoBackwards,
            ReturnSequences = ReturnSequences,
            ReturnState = ReturnState,
            ZeroOutputForMask = ZeroOutputForMask,
            ReverseOutputs = ReverseOutputs,
        };
        var y = Run(x, mask, options, _probe);

        // y: [batch, rows + states, units]; rows = time (sequences) or 1.
        int n = x.Shape[0], t = x.Shape[1];
        int rows = ReturnSequences ? t : 1;
        if (!ReturnState)
        {
            outputs[0] = ReturnSequences ? y : Ops.Reshape(y, new Shape(n, Units));
            return;
        }

        outputs[0] = ReturnSequences ? Ops.Slice(y, 1, 0, t) : Row(y, 0);
        for (int k = 0; k < StateCount; k++)
        {
            outputs[1 + k] = Row(y, rows + k);
        }
    }

    /// <summary>The output sequence keeps the input's mask; the last output and the states have none, as in Keras.</summary>
    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks)
    {
        outputMasks.Clear();
        if (ReturnSequences && masks.Length > 0)
        {
            outputMasks[0] = masks[0];
        }
    }

    // y[:, row, :] as [batch, units].
    private Tensor Row(Tensor y, int row) => Ops.Reshape(Ops.Slice(y, 1, row, 1), new Shape(y.Shape[0], Units));

    private GateActivation ToGate(ActivationFunction f, string setting)
    {
        if (f == ActivationFunction.Tanh)
        {
            return GateActivation.Tanh;
        }

        if (f == ActivationFunction.Sigmoid)
        {
            return GateActivation.Sigmoid;
        }

        if (f == ActivationFunction.HardSigmoid)
        {
            return GateActivation.HardSigmoid;
        }

        if (f == ActivationFunction.HardSigmoidKeras2)
        {
            return GateActivation.HardSigmoidKeras2;
        }

        if (f == ActivationFunction.Relu)
        {
            return GateActivation.Relu;
        }

        if (f == ActivationFunction.Linear)
        {
            return GateActivation.Linear;
        }

        throw new ArgumentException(
            $"{ClassName} '{Name}': the {setting} '{f.Name}' cannot run inside a recurrent cell; use tanh, sigmoid, hard_sigmoid, hard_sigmoid_keras2, relu or linear.");
    }
}
