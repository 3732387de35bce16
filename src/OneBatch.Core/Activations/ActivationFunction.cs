using OneBatch.Autodiff;
using OneBatch.Tensors;

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

    public static IReadOnlyList<ActivationFunction> All { get; } = [Linear, Relu, Sigmoid, Tanh, Softmax, LogSoftmax, Softplus, Exponential];

    /// <summary>The Keras identifier.</summary>
    public string Name { get; }

    public Tensor Apply(Tensor x) => _apply(x);

    public static implicit operator ActivationFunction(string? name) => Get(name);

    /// <summary>The activation with a Keras identifier; null or empty means linear.</summary>
    public static ActivationFunction Get(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return Linear;
        }

        foreach (var a in All)
        {
            if (a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        throw new ArgumentException($"Unknown activation '{name}'. Known: {string.Join(", ", All.Select(a => a.Name))}.");
    }

    public override string ToString() => Name;
}
