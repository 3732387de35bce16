using System.Collections;

namespace OneBatch.Layers;

/// <summary>
/// A setting per weight of a layer, by the weight's name (<c>kernel</c>, <c>bias</c>, <c>recurrent_kernel</c>,
/// <c>embeddings</c>, <c>gamma</c>, <c>beta</c>, <c>depthwise_kernel</c>, ...): how a layer holds the regularizers and
/// constraints Keras gives as <c>kernel_regularizer</c>, <c>recurrent_constraint</c>, ... without each layer's
/// constructor taking them. A name also matches the last part of a weight's path, so <c>kernel</c> covers every
/// kernel of a MultiHeadAttention (<c>query/kernel</c>, <c>key/kernel</c>, ...), as its <c>kernel_regularizer</c> does.
/// Changing a setting after the layer is built applies it to the existing weights.
/// </summary>
public sealed class WeightSettings<T> : IEnumerable<KeyValuePair<string, T>>
    where T : class
{
    private readonly Dictionary<string, T> _byName = new(StringComparer.Ordinal);
    private readonly Action _changed;

    internal WeightSettings(Action changed) => _changed = changed;

    /// <summary>The setting of the weight named <paramref name="weight"/>, or null; setting null removes it.</summary>
    public T? this[string weight]
    {
        get
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(weight);
            return _byName.GetValueOrDefault(weight);
        }

        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(weight);
            if (value is null)
            {
                _byName.Remove(weight);
            }
            else
            {
                _byName[weight] = value;
            }

            _changed();
        }
    }

    public int Count => _byName.Count;

    /// <summary>Sets the weight's setting (so that a collection initializer <c>{ ["recurrent_kernel"] = ... }</c> or <c>{ { "gamma", ... } }</c> works).</summary>
    public void Add(string weight, T value) => this[weight] = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The setting for a weight created under <paramref name="path"/> (<c>kernel</c>, <c>query/kernel</c>): its own, else that of its last part.</summary>
    internal T? For(string path)
    {
        if (_byName.Count == 0)
        {
            return null;
        }

        if (_byName.TryGetValue(path, out var value))
        {
            return value;
        }

        int slash = path.LastIndexOf('/');
        return slash >= 0 && _byName.TryGetValue(path[(slash + 1)..], out value) ? value : null;
    }

    internal void CopyFrom(WeightSettings<T> other)
    {
        foreach (var (name, value) in other._byName)
        {
            _byName[name] = value;
        }

        _changed();
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _byName.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
