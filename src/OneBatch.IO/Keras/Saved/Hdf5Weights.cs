using OneBatch.Layers;
using OneBatch.Models;
using PureHDF;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// Sets a model's weights from an HDF5 file in whichever Keras layout it has: Keras 3's <c>layers/</c> tree
/// (<c>.weights.h5</c>, the <c>model.weights.h5</c> of a <c>.keras</c>), Keras 1 and 2's <c>layer_names</c> at the root
/// (<c>save_weights</c>) or under <c>model_weights</c> (<c>save</c>).
/// </summary>
internal static class Hdf5Weights
{
    public static void Assign(IH5Group root, Model model, IReadOnlyDictionary<Layer, string> classNames, string source)
    {
        if (Keras3WeightsTree.Holds(root, source))
        {
            Keras3WeightsTree.Assign(model, classNames, root, source);
            return;
        }

        var group = Keras2WeightsGroup.Holds(root, source) ? root
            : Hdf5.Group(root, "model_weights", source) is { } inner && Keras2WeightsGroup.Holds(inner, source) ? inner
            : throw new InputException($"{source} is an HDF5 file but not Keras weights: it has neither Keras 3's layers group nor Keras 2's layer_names.");
        // Keras reads a file without keras_version as Keras 1's; a backend attribute says which backend saved the kernels.
        string? version = Hdf5.String(group, "keras_version", source) ?? Hdf5.String(root, "keras_version", source);
        string? backend = Hdf5.String(group, "backend", source) ?? Hdf5.String(root, "backend", source);
        Keras2WeightsMatch.Assign(model, Keras2WeightsGroup.Read(group, source), source, version, backend);
    }
}
