using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The elementwise mean of its inputs, like <c>keras.layers.Average</c>.</summary>
public sealed class Average(string? name = null) : Merge(name)
{
    public override bool PreservesRange => true;

    private protected override Tensor Combine(Tensor a, Tensor b) => Ops.Add(a, b);

    private protected override Tensor Finish(Tensor merged, int count) => count == 1 ? merged : Ops.Scale(merged, 1f / count);
}
