using OneBatch.Layers;
using OneBatch.Models;

namespace OneBatch.Check;

/// <summary>
/// For the length of a check, makes every BatchNormalization layer of a model (nested models included) normalize
/// with the statistics of the batch while the other layers run as in inference; restores the layers' settings when
/// disposed.
/// </summary>
internal sealed class BatchStatisticsScope : IDisposable
{
    private readonly List<BatchNormalization> _layers = [];
    private readonly List<bool> _previous = [];

    private BatchStatisticsScope(Sequential model)
    {
        _layers.AddRange(model.AllLayers().OfType<BatchNormalization>());
        foreach (var layer in _layers)
        {
            _previous.Add(layer.UseBatchStatisticsInInference);
            layer.UseBatchStatisticsInInference = true;
        }
    }

    /// <summary>The number of BatchNormalization layers switched to batch statistics.</summary>
    public int Count => _layers.Count;

    public static BatchStatisticsScope Enter(Sequential model) => new(model);

    public void Dispose()
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            _layers[i].UseBatchStatisticsInInference = _previous[i];
        }
    }
}
