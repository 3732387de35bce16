using OneBatch.Tensors;

namespace OneBatch.Constraints;

/// <summary>Keeps a weight non-negative, <c>max(w, 0)</c>, like <c>keras.constraints.NonNeg</c>.</summary>
public sealed class NonNeg : Constraint
{
    public override string Name => "NonNeg";

    public override void Apply(Span<float> values, Shape shape) => TensorPrimitives.Max(values, 0f, values);

    public override string ToString() => "NonNeg()";
}
