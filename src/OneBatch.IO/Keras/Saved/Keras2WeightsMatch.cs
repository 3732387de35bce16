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
    /// <param name="kerasVersion">The file's <c>keras_version</c> (none: Keras 1).</param>
    /// <param name="backend">The file's <c>backend</c>, if recorded.</param>
    public static void Assign(Model model, IReadOnlyList<SavedLayer> file, string source, string? kerasVersion = "2", string? backend = null)
    {
        var layers = model.Layers.Where(l => l.Weights.Count > 0).ToArray();
        var saved = file.Where(l => l.Arrays.Count > 0).ToArray();
        if (layers.Length != saved.Length)
        {
            throw new InputException(
                $"{source} holds weights for {Count(saved.Length)} ({string.Join(", ", saved.Select(s => s.Name))}) but the model has {Count(layers.Length)} with weights ({string.Join(", ", layers.Select(l => l.Name))}).");
        }

        var byName = saved.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        bool sameNames = byName.Count == saved.Length && layers.All(l => byName.ContainsKey(l.Name));
        var assignment = new WeightAssignment(model, source);
        for (int i = 0; i < layers.Length; i++)
        {
            var s = sameNames ? byName[layers[i].Name] : saved[i];
            var arrays = ConvolutionWeightConversion.ForLayer(layers[i], RecurrentWeightConversion.ForLayer(layers[i], s.Arrays), kerasVersion, backend);
            assignment.Set(layers[i], arrays, s.Name);
        }

        assignment.Apply();
    }

    private static string Count(int layers) => layers == 1 ? "1 layer" : $"{layers} layers";
}
