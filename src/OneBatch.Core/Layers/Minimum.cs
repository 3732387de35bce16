using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The elementwise minimum of its inputs, like <c>keras.layers.Minimum</c> (the gradient goes to the smaller; ties to the first).</summary>
public sealed class Minimum(string? name = null) : Merge(name)
{
    public override bool PreservesRange => true;

    private protected override Tensor Combine(Tensor a, Tensor b) => Ops.Minimum(a, b);
}
