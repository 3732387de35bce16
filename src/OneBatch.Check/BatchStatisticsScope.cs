using OneBatch.Layers;
using OneBatch.Models;

namespace OneBatch.Check;

/// <summary>
/// For the length of a check, makes every trainable BatchNormalization layer of a model (nested models included)
/// normalize with the statistics of the batch while the other layers run as in inference; restores the layers'
/// settings when disposed. A frozen BatchNormalization layer (its own flag or a frozen model around it) keeps its
/// moving statistics, as Keras runs it in training.
/// </summary>
internal sealed class BatchStatisticsScope : IDisposable
{
    private readonly List<BatchNormalization> _layers = [];
    private readonly List<bool> _previous = [];

    private BatchStatisticsScope(LayerGraph graph)
    {
        var calls = graph.Calls.Where(c => c.Layer is BatchNormalization).ToArray();
        _layers.AddRange(calls.Where(c => c.Trainable).Select(c => (BatchNormalization)c.Layer).Distinct());
        Frozen = calls.Where(c => !c.Trainable).Select(c => c.Layer).Distinct().Count();
        foreach (var layer in _layers)
        {
            _previous.Add(layer.UseBatchStatisticsInInference);
            layer.UseBatchStatisticsInInference = true;
        }
    }

    /// <summary>The number of BatchNormalization layers switched to batch statistics.</summary>
    public int Count => _layers.Count;

    /// <summary>The number of frozen BatchNormalization layers left on their moving statistics.</summary>
    public int Frozen { get; }

    public static BatchStatisticsScope Enter(LayerGraph graph) => new(graph);

    public void Dispose()
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            _layers[i].UseBatchStatisticsInInference = _previous[i];
        }
    }
}
