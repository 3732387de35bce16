using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Activations;

/// <summary>
/// An activation, like the functions of <c>keras.activations</c>, composed from differentiable ops. A Keras identifier
/// converts implicitly, so <c>activation: "relu"</c> works wherever an activation is accepted.
/// </summary>
public sealed class ActivationFunction
{
    private readonly Func<Tensor, Tensor> _apply;

    private ActivationFunction(string name, Func<Tensor, Tensor> apply)
    {
        Name = name;
        _apply = apply;
    }

    public static ActivationFunction Linear { get; } = new("linear", x => x);

    public static ActivationFunction Relu { get; } = new("relu", Ops.Relu);

    public static ActivationFunction Sigmoid { get; } = new("sigmoid", Ops.Sigmoid);

    public static ActivationFunction Tanh { get; } = new("tanh", Ops.Tanh);

    /// <summary>Softmax over the last axis.</summary>
    public static ActivationFunction Softmax { get; } = new("softmax", Ops.Softmax);

    public static ActivationFunction LogSoftmax { get; } = new("log_softmax", Ops.LogSoftmax);

    public static ActivationFunction Softplus { get; } = new("softplus", Ops.Softplus);

    public static ActivationFunction Exponential { get; } = new("exponential", Ops.Exp);

    /// <summary>Keras 3's <c>hard_sigmoid</c>: relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1).</summary>
    public static ActivationFunction HardSigmoid { get; } = new("hard_sigmoid", x => Ops.Clip(Ops.Scale(x, 1f / 6f, 0.5f), 0f, 1f));

    /// <summary>
    /// The <c>hard_sigmoid</c> of Keras 1 and 2 and TensorFlow.js, clip(0.2 x + 0.5, 0, 1): what that name means in
    /// their model files (Keras 3 changed it; <see cref="HardSigmoid"/>).
    /// </summary>
    public static ActivationFunction HardSigmoidKeras2 { get; } = new("hard_sigmoid_keras2", x => Ops.Clip(Ops.Scale(x, 0.2f, 0.5f), 0f, 1f));

    /// <summary>Every activation by its Keras name.</summary>
    public static NameTable<ActivationFunction> Registry { get; } = new NameTable<ActivationFunction>("activation")
        .Add(Linear.Name, Linear)
        .Add(Relu.Name, Relu)
        .Add(Sigmoid.Name, Sigmoid)
        .Add(Tanh.Name, Tanh)
        .Add(Softmax.Name, Softmax)
        .Add(LogSoftmax.Name, LogSoftmax)
        .Add(Softplus.Name, Softplus)
        .Add(Exponential.Name, Exponential)
        .Add(HardSigmoid.Name, HardSigmoid)
        .Add(HardSigmoidKeras2.Name, HardSigmoidKeras2);

    /// <summary>The Keras identifier.</summary>
    public string Name { get; }

    public Tensor Apply(Tensor x) => _apply(x);

    public static implicit operator ActivationFunction(string? name) => Get(name);

    /// <summary>The activation with a Keras identifier; null, empty or <c>none</c> means linear.</summary>
    public static ActivationFunction Get(string? name) =>
        string.IsNullOrEmpty(name) || name.Equals("none", StringComparison.OrdinalIgnoreCase) ? Linear : Registry.Get(name);

    public override string ToString() => Name;
}
