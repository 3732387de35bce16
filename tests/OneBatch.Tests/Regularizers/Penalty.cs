using OneBatch.Autodiff;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Regularizers;

/// <summary>A regularizer's penalty of some values and its gradient, read from a tape.</summary>
internal static class Penalty
{
    public static (float Value, float[] Gradient) Of(Regularizer regularizer, float[] values, params int[] shape)
    {
        var w = new Variable(Tensor.FromArray(values, shape), "w");
        using var tape = new GradientTape();
        var penalty = regularizer.Call(w.Value);
        Assert.Equal(Shape.Scalar, penalty.Shape);
        var gradient = tape.Gradient(penalty, [w])[0];
        return (penalty.ToScalar(), gradient?.ToArray() ?? new float[values.Length]);
    }
}
