using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Models;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// Values for a model's weights gathered from a file layer by layer, each checked against the weight's shape, then set
/// all at once, so that a file that does not fit leaves the model as it was.
/// </summary>
internal sealed class WeightAssignment(Model model, string source)
{
    private readonly Dictionary<Variable, float[]> _values = new(ReferenceEqualityComparer.Instance);

    /// <summary>The arrays for one layer's weights, in the layer's order; <paramref name="fileLayer"/> names them in the file.</summary>
    public void Set(Layer layer, IReadOnlyList<SavedArray> arrays, string fileLayer)
    {
        var weights = layer.Weights;
        string where = fileLayer == layer.Name ? $"layer '{fileLayer}'" : $"layer '{fileLayer}' (for the model's layer '{layer.Name}')";
        if (arrays.Count != weights.Count)
        {
            throw new InputException(
                $"{source}: its {where} holds {arrays.Count} arrays ({string.Join(", ", arrays.Select(a => $"{a.Name} {a.Shape}"))}) but the model's layer '{layer.Name}' has {weights.Count} weights ({string.Join(", ", weights.Select(w => $"{Short(w)} {w.Shape}"))}).");
        }

        for (int i = 0; i < arrays.Count; i++)
        {
            Set(weights[i], arrays[i], where);
        }
    }

    /// <summary>One weight's array.</summary>
    public void Set(Variable weight, SavedArray array, string where)
    {
        if (array.Shape != weight.Shape)
        {
            throw new InputException($"{source}: its {where} holds '{array.Name}' of shape {array.Shape} but the model needs {weight.Shape} for {weight.Name}.");
        }

        if (!Kernels.Elementwise.AllFinite(array.Values))
        {
            throw new InputException($"{source}: its {where} holds '{array.Name}' with NaN or infinite values.");
        }

        _values[weight] = array.Values;
    }

    /// <summary>Sets every weight of the model, which must all have been given.</summary>
    public void Apply()
    {
        var weights = model.Weights;
        if (weights.FirstOrDefault(w => !_values.ContainsKey(w)) is { } missing)
        {
            throw new InputException($"{source} holds no value for the model's weight {missing.Name}.");
        }

        model.SetWeights(weights.Select(w => _values[w]).ToArray());
    }

    /// <summary>A weight's name within its layer (<c>kernel</c> of <c>dense_1/kernel</c>).</summary>
    public static string Short(Variable weight) => weight.Name[(weight.Name.LastIndexOf('/') + 1)..];
}
