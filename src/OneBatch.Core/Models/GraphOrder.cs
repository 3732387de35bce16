using OneBatch.Layers;

namespace OneBatch.Models;

/// <summary>
/// Orders a graph of layer calls the way Keras does (<c>keras.src.ops.function.map_graph</c>): a depth-first walk back
/// from the outputs gives the calls in an order where every input comes first; the layers are then sorted by depth
/// (their longest distance to an output, deepest first) and, at equal depth, by when the walk first met them. This
/// is the order of Keras's <c>model.layers</c>, and so of its weights.
/// </summary>
internal static class GraphOrder
{
    public sealed record Result(IReadOnlyList<LayerNode> Nodes, IReadOnlyList<Layer> Layers);

    public static Result Map(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        var isInput = new HashSet<KerasTensor>(inputs, ReferenceEqualityComparer.Instance);
        var finished = new HashSet<LayerNode>(ReferenceEqualityComparer.Instance);
        var inProgress = new HashSet<LayerNode>(ReferenceEqualityComparer.Instance);
        var ordered = new List<LayerNode>();
        var layerIndex = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        foreach (var output in outputs)
        {
            Visit(output ?? throw new ArgumentException("A model output is null."), isInput, finished, inProgress, ordered, layerIndex);
        }

        foreach (var input in inputs)
        {
            // An input that no output depends on is still part of the model (Keras keeps it at depth 0, ahead of the rest).
            if (!layerIndex.ContainsKey(input.Layer))
            {
                layerIndex[input.Layer] = -1;
                ordered.Insert(0, input.Producer);
            }
        }

        // depth: the longest path from a call to an output (Keras's "depth", 0 at the outputs).
        var nodeDepth = new Dictionary<LayerNode, int>(ReferenceEqualityComparer.Instance);
        var layerDepth = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        for (int i = ordered.Count - 1; i >= 0; i--)
        {
            var node = ordered[i];
            int depth = nodeDepth.GetValueOrDefault(node);
            depth = Math.Max(depth, layerDepth.GetValueOrDefault(node.Layer));
            layerDepth[node.Layer] = depth;
            nodeDepth[node] = depth;
            if (isInput.Contains(node.Outputs[0]) && node.Layer is InputLayer)
            {
                continue;
            }

            foreach (var t in node.Inputs)
            {
                nodeDepth[t.Producer] = Math.Max(depth + 1, nodeDepth.GetValueOrDefault(t.Producer));
            }
        }

        var layers = layerDepth.Keys
            .OrderByDescending(l => layerDepth[l])
            .ThenBy(l => layerIndex[l])
            .ToArray();
        var runnable = ordered.Where(n => !(n.Layer is InputLayer && n.Inputs.Length == 0)).ToArray();
        return new Result(runnable, layers);
    }

    private static void Visit(
        KerasTensor tensor, HashSet<KerasTensor> isInput, HashSet<LayerNode> finished, HashSet<LayerNode> inProgress,
        List<LayerNode> ordered, Dictionary<Layer, int> layerIndex)
    {
        var node = tensor.Producer;
        if (finished.Contains(node))
        {
            return;
        }

        if (!inProgress.Add(node))
        {
            throw new ArgumentException($"The output of layer '{node.Layer.Name}' is part of a cycle.");
        }

        layerIndex.TryAdd(node.Layer, layerIndex.Count);
        if (!isInput.Contains(tensor))
        {
            if (node.Layer is InputLayer && node.Inputs.Length == 0)
            {
                throw new ArgumentException(
                    $"Graph disconnected: the model's outputs depend on input '{node.Layer.Name}', which is not among the model's inputs.");
            }

            foreach (var input in node.Inputs)
            {
                Visit(input, isInput, finished, inProgress, ordered, layerIndex);
            }
        }

        inProgress.Remove(node);
        finished.Add(node);
        ordered.Add(node);
    }
}
