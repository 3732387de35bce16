using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The mean of each window of steps, per feature, like <c>keras.layers.AveragePooling1D</c> (with "same" padding a
/// border window is averaged over its real steps only). Pool 2, strides = pool size, "valid" padding by default.
/// </summary>
public sealed class AveragePooling1D(int poolSize = 2, int? strides = null, string padding = "valid", int[]? inputShape = null, string? name = null)
    : Pooling1D(poolSize, strides, padding, inputShape, name)
{
    // x: [batch, steps, features] -> [batch, pooled_steps, features]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.AvgPool1D(x, Window);
}
