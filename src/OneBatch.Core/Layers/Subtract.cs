using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The first input minus the second, elementwise, like <c>keras.layers.Subtract</c> (exactly two inputs).</summary>
public sealed class Subtract(string? name = null) : Merge(name)
{
    private protected override int MinimumInputs => 2;

    private protected override int MaximumInputs => 2;

    private protected override Tensor Combine(Tensor a, Tensor b) => Ops.Subtract(a, b);
}
