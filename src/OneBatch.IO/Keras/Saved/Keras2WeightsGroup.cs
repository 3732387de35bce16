using PureHDF;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// The weights layout of Keras 1 and 2 (<c>model.save_weights('w.h5')</c>, and the <c>model_weights</c> group of
/// <c>model.save('m.h5')</c>): the group's attribute <c>layer_names</c> lists every layer in the model's order, and each
/// layer's group lists its arrays in <c>weight_names</c>, as paths relative to that group (<c>dense_1/kernel:0</c>,
/// <c>gru/gru_cell/kernel:0</c>, Keras 1's <c>dense_1_W</c>). Order comes from those attributes, never from the
/// alphabetical order of members (<c>bias:0</c> sorts before <c>kernel:0</c>); groups not listed
/// (<c>top_level_model_weights</c>) are not layers.
/// </summary>
internal static class Keras2WeightsGroup
{
    /// <summary>True when <paramref name="group"/> has Keras 2's <c>layer_names</c> attribute.</summary>
    public static bool Holds(IH5Group group, string source) => Hdf5.Strings(group, "layer_names", source) is not null;

    /// <summary>Every listed layer with its arrays (none for a layer without weights), in the file's order.</summary>
    public static IReadOnlyList<SavedLayer> Read(IH5Group group, string source)
    {
        var names = Hdf5.Strings(group, "layer_names", source)
            ?? throw new InputException($"{source} has no attribute layer_names, so it is not a Keras weights file.");
        var layers = new List<SavedLayer>(names.Count);
        foreach (string name in names)
        {
            var layer = Hdf5.Group(group, name, source)
                ?? throw new InputException($"{source} lists the layer '{name}' in layer_names but has no group for it.");
            var weightNames = Hdf5.Strings(layer, "weight_names", source) ?? [];
            var arrays = new SavedArray[weightNames.Count];
            for (int i = 0; i < arrays.Length; i++)
            {
                var (shape, values) = Hdf5.Floats(layer, weightNames[i], source);
                arrays[i] = new SavedArray(weightNames[i], shape, values);
            }

            layers.Add(new SavedLayer(name, arrays));
        }

        return layers;
    }
}
