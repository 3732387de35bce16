using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Long short-term memory, like <c>keras.layers.LSTM</c>: gates i, f, c, o in the kernels' column blocks,
/// <c>c = f * c + i * activation(z_c)</c>, <c>h = o * activation(c)</c>; states h and c. With <paramref name="unitForgetBias"/>
/// (the default) the forget gate's bias starts at 1. See <see cref="RecurrentLayer"/> for what all recurrent layers share.
/// </summary>
/// <param name="activation">The cell's activation; null means tanh (pass <c>"linear"</c> for none).</param>
/// <param name="recurrentActivation">The gates' activation; null means sigmoid.</param>
public sealed class LSTM(
    int units,
    ActivationFunction? activation = null,
    ActivationFunction? recurrentActivation = null,
    bool useBias = true,
    Initializer? kernelInitializer = null,
    Initializer? recurrentInitializer = null,
    Initializer? biasInitializer = null,
    bool unitForgetBias = true,
    float dropout = 0f,
    float recurrentDropout = 0f,
    bool returnSequences = false,
    bool returnState = false,
    bool goBackwards = false,
    bool stateful = false,
    bool unroll = false,
    bool zeroOutputForMask = false,
    int[]? inputShape = null,
    string? name = null)
    : RecurrentLayer(
        units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, dropout, recurrentDropout,
        returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, inputShape, name)
{
    /// <summary>The forget gate's bias starts at 1 (the rest from the bias initializer), as Keras's <c>unit_forget_bias</c>.</summary>
    public bool UnitForgetBias { get; } = unitForgetBias;

    public override int StateCount => 2;

    private protected override int Gates => 4;

    private protected override Shape BiasShape => new(4 * Units);

    private protected override Initializer BiasFiller => UnitForgetBias ? new ForgetGateOnes(BiasInitializer, Units) : BiasInitializer;

    public override RecurrentLayer CloneConfig(bool goBackwards, string name) => new LSTM(
        Units, Activation, RecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, UnitForgetBias, Dropout,
        RecurrentDropout, ReturnSequences, ReturnState, goBackwards, Stateful, Unroll, ZeroOutputForMask, name: name);

    private protected override Tensor Run(Tensor x, Tensor? mask, RecurrentOptions options, RecurrentProbe probe) =>
        Ops.Lstm(x, Kernel!.Value, RecurrentKernel!.Value, Bias?.Value, mask, options, probe);

    // Keras draws the input gate's block [U], sets the forget gate's to ones, then draws the last two blocks [2U].
    private sealed class ForgetGateOnes(Initializer inner, int units) : Initializer
    {
        public override string Name => inner.Name;

        public override void Fill(Span<float> values, Shape shape, RandomGenerator random)
        {
            inner.Fill(values[..units], new Shape(units), random);
            values.Slice(units, units).Fill(1f);
            inner.Fill(values[(2 * units)..], new Shape(2 * units), random);
        }
    }
}
