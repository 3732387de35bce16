using OneBatch.Layers;
using OneBatch.Models;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// Keras 2's rule for loading an <c>.h5</c> weights layout into a model (<c>load_weights_from_hdf5_group</c>): the
/// file's layers that hold weights go to the model's layers that have weights, one for one, in order (a nested model
/// is one layer holding all its weights), after converting older recurrent layouts. When the names of the two lists
/// agree as sets but not in order, the layers are paired by name, as the file's own model would pair them.
/// </summary>
internal static class Keras2WeightsMatch
{
    public static void Assign(Model model, IReadOnlyList<SavedLayer> file, string source)
    {
        var layers = model.Layers.Where(l => l.Weights.Count > 0).ToArray();
        var saved = file.Where(l => l.Arrays.Count > 0).ToArray();
        if (layers.Length != saved.Length)
        {
            throw new InputException(
                $"{source} holds weights for {Count(saved.Length)} ({string.Join(", ", saved.Select(s => s.Name))}) but the model has {Count(layers.Length)} with weights ({string.Join(", ", layers.Select(l => l.Name))}).");
        }

        var byName = saved.ToDictionary(s => s.Name, StringComparer.Ordinal);
        bool sameNames = layers.All(l => byName.ContainsKey(l.Name));
        var assignment = new WeightAssignment(model, source);
        for (int i = 0; i < layers.Length; i++)
        {
            var s = sameNames ? byName[layers[i].Name] : saved[i];
            assignment.Set(layers[i], RecurrentWeightConversion.ForLayer(layers[i], s.Arrays), s.Name);
        }

        assignment.Apply();
    }

    private static string Count(int layers) => layers == 1 ? "1 layer" : $"{layers} layers";
}
