using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Gated recurrent unit, like <c>keras.layers.GRU</c>: gates z, r, h in the kernels' column blocks,
/// <c>h = z * h + (1 - z) * h~</c>. With <paramref name="resetAfter"/> (Keras's default, cuDNN's convention) the reset gate
/// multiplies <c>h R_h + b_rec</c> and the bias is <c>[2, 3 * units]</c> (input bias, recurrent bias); without it the reset
/// gate multiplies h before <c>R_h</c> and the bias is <c>[3 * units]</c>. State h. See <see cref="RecurrentLayer"/>.
/// </summary>
/// <param name="activation">The candidate's activation; null means tanh (pass <c>"linear"</c> for none).</param>
/// <param name="recurrentActivation">The gates' activation; null means sigmoid.</param>
public sealed class GRU(
    int units,
    ActivationFunction? activation = null,
    ActivationFunction? recurrentActivation = null,
    bool useBias = true,
    Initializer? kernelInitializer = null,
    Initializer? recurrentInitializer = null,
    Initializer? biasInitializer = null,
    float dropout = 0f,
    float recurrentDropout = 0f,
    bool returnSequences = false,
    bool returnState = false,
    bool goBackwards = false,
    bool stateful = false,
    bool unroll = false,
    bool resetAfter = true,
    bool zeroOutputForMask = false,
    int[]? inputShape = null,
    string? name = null)
    : RecurrentLayer(
        units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, dropout, recurrentDropout,
        returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, inputShape, name)
{
    /// <summary>The reset gate applies after the recurrent product (Keras's <c>reset_after</c>).</summary>
    public bool ResetAfter { get; } = resetAfter;

    public override int StateCount => 1;

    private protected override int Gates => 3;

    private protected override Shape BiasShape => ResetAfter ? new Shape(2, 3 * Units) : new Shape(3 * Units);

    public override RecurrentLayer CloneConfig(bool goBackwards, string name) => new GRU(
        Units, Activation, RecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, Dropout, RecurrentDropout,
        ReturnSequences, ReturnState, goBackwards, Stateful, Unroll, ResetAfter, ZeroOutputForMask, name: name);

    private protected override Tensor Run(Tensor x, Tensor? mask, RecurrentOptions options, RecurrentProbe probe) =>
        Ops.Gru(x, Kernel!.Value, RecurrentKernel!.Value, Bias?.Value, mask, options, ResetAfter, probe);
}
