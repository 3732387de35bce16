using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A fully connected recurrent layer, like <c>keras.layers.SimpleRNN</c>: <c>h = activation(x_t @ kernel + bias + h @
/// recurrent_kernel)</c>; state h. See <see cref="RecurrentLayer"/> for what all recurrent layers share.
/// </summary>
/// <param name="activation">Null means tanh (pass <c>"linear"</c> for none).</param>
public sealed class SimpleRNN(
    int units,
    ActivationFunction? activation = null,
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
    bool zeroOutputForMask = false,
    int[]? inputShape = null,
    string? name = null)
    : RecurrentLayer(
        units, activation, null, useBias, kernelInitializer, recurrentInitializer, biasInitializer, dropout, recurrentDropout,
        returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, inputShape, name)
{
    public override int StateCount => 1;

    /// <summary>The output is the activation's, step by step (masked steps repeat an earlier one).</summary>
    public override ActivationFunction? OutputActivation => Activation;

    private protected override int Gates => 1;

    private protected override Shape BiasShape => new(Units);

    public override RecurrentLayer CloneConfig(bool goBackwards, string name) => new SimpleRNN(
        Units, Activation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, Dropout, RecurrentDropout,
        ReturnSequences, ReturnState, goBackwards, Stateful, Unroll, ZeroOutputForMask, name: name);

    private protected override Tensor Run(Tensor x, Tensor? mask, RecurrentOptions options, RecurrentProbe probe) =>
        Ops.SimpleRnn(x, Kernel!.Value, RecurrentKernel!.Value, Bias?.Value, mask, options, probe);
}
