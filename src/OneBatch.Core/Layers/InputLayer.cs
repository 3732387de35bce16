using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Declares the per-sample input shape of a model, like <c>keras.Input(shape=...)</c> or <c>keras.layers.InputLayer</c>.
/// It computes nothing.
/// </summary>
public sealed class InputLayer(int[] shape, string? name = null) : Layer(name, shape ?? throw new ArgumentNullException(nameof(shape)))
{
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape != DeclaredInputShape)
        {
            throw ShapeError(inputShape, $"inputs of per-sample shape {DeclaredInputShape}");
        }

        return inputShape;
    }

    protected internal override Tensor Call(Tensor x, bool training) => x;
}
