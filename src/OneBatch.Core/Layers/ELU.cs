using OneBatch.Activations;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>x, or <see cref="Alpha"/> * (e^x - 1) below 0, like <c>keras.layers.ELU</c>.</summary>
public sealed class ELU : Layer
{
    public ELU(float alpha = 1f, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!float.IsFinite(alpha))
        {
            throw new ArgumentException($"ELU '{Name}' needs a finite alpha; got {alpha}.", nameof(alpha));
        }

        Alpha = alpha;
        Function = ActivationFunction.EluWith(alpha);
    }

    public float Alpha { get; }

    public ActivationFunction Function { get; }

    public override ActivationFunction? OutputActivation => Function;

    public override bool SupportsMasking => true;

    protected internal override Tensor Call(Tensor x, bool training) => Function.Apply(x);
}
