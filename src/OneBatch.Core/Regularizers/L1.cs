using OneBatch.Tensors;

namespace OneBatch.Regularizers;

/// <summary>The L1 penalty <c>l1 * sum(|x|)</c>, like <c>keras.regularizers.L1</c> (0.01 by default).</summary>
public sealed class L1(float l1 = 0.01f) : Regularizer
{
    public float L1Factor { get; } = Factor(l1, nameof(l1));

    public override string Name => "L1";

    public override Tensor Call(Tensor x) => SumAbs(x, L1Factor);

    public override string ToString() => $"L1(l1={L1Factor})";
}
