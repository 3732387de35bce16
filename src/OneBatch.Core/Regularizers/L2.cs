using OneBatch.Tensors;

namespace OneBatch.Regularizers;

/// <summary>The L2 penalty <c>l2 * sum(x^2)</c>, like <c>keras.regularizers.L2</c> (0.01 by default; no factor 1/2).</summary>
public sealed class L2(float l2 = 0.01f) : Regularizer
{
    public float L2Factor { get; } = Factor(l2, nameof(l2));

    public override string Name => "L2";

    public override Tensor Call(Tensor x) => SumSquares(x, L2Factor);

    public override string ToString() => $"L2(l2={L2Factor})";
}
