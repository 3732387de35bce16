using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The elementwise maximum of its inputs, like <c>keras.layers.Maximum</c> (the gradient goes to the larger; ties to the first).</summary>
public sealed class Maximum(string? name = null) : Merge(name)
{
    public override bool PreservesRange => true;

    private protected override Tensor Combine(Tensor a, Tensor b) => Ops.Maximum(a, b);
}
