using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The max of each window of steps, per feature, like <c>keras.layers.MaxPooling1D</c>: pool 2 by default, strides =
/// the pool size by default, "valid" padding by default. <code>new MaxPooling1D(3)</code>
/// </summary>
public sealed class MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", int[]? inputShape = null, string? name = null)
    : Pooling1D(poolSize, strides, padding, inputShape, name)
{
    // x: [batch, steps, features] -> [batch, pooled_steps, features]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.MaxPool1D(x, Window);
}
