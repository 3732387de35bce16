using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>
/// A symbolic tensor, like Keras's <c>KerasTensor</c>: it holds no values, only the per-sample shape of what a layer
/// will compute and where it comes from (Keras's <c>keras_history</c>). Layers applied to it record the graph that
/// a <see cref="Functional"/> model runs.
/// <code>
/// var inputs = Keras.Input(shape: [32]);
/// var outputs = new Dense(10, activation: "softmax").Apply(new Dense(64, activation: "relu").Apply(inputs));
/// var model = new Functional(inputs, outputs);
/// </code>
/// </summary>
public sealed class KerasTensor
{
    internal KerasTensor(Shape shape, LayerNode producer, int outputIndex)
    {
        Shape = shape;
        Producer = producer;
        OutputIndex = outputIndex;
    }

    /// <summary>The per-sample shape (without the batch axis).</summary>
    public Shape Shape { get; }

    /// <summary>The layer whose call gives this tensor.</summary>
    public Layer Layer => Producer.Layer;

    /// <summary>Which output of that call this is (0 for a layer with one output).</summary>
    public int OutputIndex { get; }

    internal LayerNode Producer { get; }

    /// <summary>True for the tensor an <see cref="InputLayer"/> gives (a model input).</summary>
    public bool IsInput => Producer.Layer is InputLayer;

    public override string ToString() =>
        $"KerasTensor(shape={Shape.Prepend(0).ToString().Replace("[0", "[None", StringComparison.Ordinal)}, from '{Layer.Name}'{(OutputIndex > 0 ? $" output {OutputIndex}" : string.Empty)})";
}
