using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>mean(|y_pred - y_true|) over the last axis, then over the batch (<c>keras.losses.MeanAbsoluteError</c>).</summary>
public sealed class MeanAbsoluteError : Loss
{
    public override string Name => "mean_absolute_error";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Ops.Abs(Ops.Subtract(yPred, yTrue)), axis: -1);
}
