using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Regularizers;

/// <summary>
/// Both penalties, <c>l1 * sum(|x|) + l2 * sum(x^2)</c>, like <c>keras.regularizers.L1L2</c>, whose factors default to 0
/// (the string <c>l1_l2</c> means 0.01 for both). A factor of 0 adds no term, as in Keras.
/// </summary>
public sealed class L1L2(float l1 = 0f, float l2 = 0f) : Regularizer
{
    public float L1Factor { get; } = Factor(l1, nameof(l1));

    public float L2Factor { get; } = Factor(l2, nameof(l2));

    public override string Name => "L1L2";

    public override Tensor Call(Tensor x)
    {
        if (L1Factor == 0f)
        {
            // With both factors 0 Keras's penalty is the constant 0: a scalar whose gradient is 0.
            return L2Factor == 0f ? Ops.Scale(Ops.Sum(x), 0f) : SumSquares(x, L2Factor);
        }

        return L2Factor == 0f ? SumAbs(x, L1Factor) : Ops.Add(SumAbs(x, L1Factor), SumSquares(x, L2Factor));
    }

    public override string ToString() => $"L1L2(l1={L1Factor}, l2={L2Factor})";
}
