using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Models;

/// <summary>One call of a layer on symbolic tensors (Keras's <c>Node</c>): which tensors went in and which came out.</summary>
internal sealed class LayerNode
{
    public LayerNode(Layer layer, IReadOnlyList<KerasTensor> inputs, IReadOnlyList<Shape> outputShapes)
    {
        Layer = layer;
        Inputs = inputs.ToArray();
        var outputs = new KerasTensor[outputShapes.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new KerasTensor(outputShapes[i], this, i);
        }

        Outputs = outputs;
    }

    public Layer Layer { get; }

    public KerasTensor[] Inputs { get; }

    public KerasTensor[] Outputs { get; }
}
