using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>Applies an activation function, like <c>keras.layers.Activation</c>.</summary>
public sealed class Activation(ActivationFunction activation, int[]? inputShape = null, string? name = null)
    : Layer(name, inputShape)
{
    public ActivationFunction Function { get; } = activation ?? throw new ArgumentNullException(nameof(activation));

    public override ActivationFunction? OutputActivation => Function;

    public override bool SupportsMasking => true;

    protected internal override Tensor Call(Tensor x, bool training) => Function.Apply(x);
}
