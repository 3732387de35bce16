using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Declares the per-sample input shape of a model, like <c>keras.Input(shape=...)</c> or <c>keras.layers.InputLayer</c>.
/// It computes nothing; its <see cref="Output"/> is the symbolic tensor a <see cref="Functional"/> model starts from.
/// </summary>
public sealed class InputLayer : Layer
{
    private KerasTensor? _output;

    public InputLayer(int[] shape, string? name = null)
        : base(name, shape ?? throw new ArgumentNullException(nameof(shape)))
    {
    }

    /// <summary>The per-sample shape of the input.</summary>
    public Shape Shape => DeclaredInputShape!.Value;

    /// <summary>The symbolic tensor this input gives (the same one every time).</summary>
    public KerasTensor Output => _output ??= new LayerNode(this, [], [Shape]).Outputs[0];

    public override bool PreservesRange => true;

    public override bool OnlyRearranges => true;

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
