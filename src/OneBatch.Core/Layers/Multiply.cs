using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The elementwise product of its inputs, like <c>keras.layers.Multiply</c> (a gate, or squeeze-and-excitation's channel weights).</summary>
public sealed class Multiply(string? name = null) : Merge(name)
{
    private protected override Tensor Combine(Tensor a, Tensor b) => Ops.Multiply(a, b);
}
