using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>mean((y_pred - y_true)^2) over the last axis, then over the batch (<c>keras.losses.MeanSquaredError</c>).</summary>
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mean_squared_error";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Ops.Square(Ops.Subtract(yPred, yTrue)), axis: -1);
}
