using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The elementwise sum of its inputs, like <c>keras.layers.Add</c> (a residual connection: <c>new Add().Apply(x, y)</c>).</summary>
public sealed class Add(string? name = null) : Merge(name)
{
    private protected override Tensor Combine(Tensor a, Tensor b) => Ops.Add(a, b);
}
