using System.Globalization;
using System.Text.RegularExpressions;
using OneBatch.Layers;
using OneBatch.Models;
using PureHDF;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// Keras 3's weights layout (<c>model.weights.h5</c> inside a <c>.keras</c>, and <c>model.save_weights('w.weights.h5')</c>):
/// a model's layers sit under <c>layers/</c> in groups named after their class, counted per class in the model's layer
/// order (<c>dense</c>, <c>dense_1</c>: not the layers' own names), input layers left out; a layer's own variables are
/// <c>vars/0</c>, <c>vars/1</c>, ... (numbered: 10 comes after 9), and the layers it holds sit in groups of their own
/// (an RNN's <c>cell/vars</c>, a Bidirectional's <c>forward_layer</c> and <c>backward_layer</c>, a nested model's
/// <c>layers/</c>). This walks the model as Keras's <c>saving_lib</c> does and takes each layer's group.
/// </summary>
internal static partial class Keras3WeightsTree
{
    // Keras's deepest holding is a Bidirectional's forward_layer/cell/vars; a nested model starts its own walk.
    private const int MaxNesting = 16;

    /// <summary>True when <paramref name="root"/> has Keras 3's <c>layers</c> group.</summary>
    public static bool Holds(IH5Group root, string source) => Hdf5.Group(root, "layers", source) is not null;

    /// <param name="classNames">The class name the model file gives each layer; a layer missing from it goes by its OneBatch class.</param>
    public static void Assign(Model model, IReadOnlyDictionary<Layer, string> classNames, IH5Group root, string source)
    {
        var assignment = new WeightAssignment(model, source);
        AssignModel(model, root, string.Empty, classNames, assignment, source);
        assignment.Apply();
    }

    private static void AssignModel(Model model, IH5Group group, string path, IReadOnlyDictionary<Layer, string> classNames, WeightAssignment assignment, string source)
    {
        var layersGroup = Hdf5.Group(group, "layers", source);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in model.Layers)
        {
            if (layer is InputLayer)
            {
                continue;
            }

            string name = SnakeCase(classNames.TryGetValue(layer, out var c) ? c : layer.ClassName);
            int n = used.TryGetValue(name, out int seen) ? seen : 0;
            used[name] = n + 1;
            if (n > 0)
            {
                name = $"{name}_{n}";
            }

            string layerPath = $"{path}layers/{name}";
            var layerGroup = layersGroup is null ? null : Hdf5.Group(layersGroup, name, source);
            if (layer is Model nested)
            {
                if (layerGroup is null && nested.Weights.Count > 0)
                {
                    throw Missing(source, layer, layerPath);
                }

                if (layerGroup is not null)
                {
                    AssignModel(nested, layerGroup, layerPath + "/", classNames, assignment, source);
                }

                continue;
            }

            if (layer.Weights.Count == 0)
            {
                continue;
            }

            if (layerGroup is null)
            {
                throw Missing(source, layer, layerPath);
            }

            var arrays = new List<SavedArray>();
            Collect(layerGroup, layerPath, 0, arrays, source);
            assignment.Set(layer, arrays, layerPath);
        }
    }

    // The layer's own vars in number order, then those of the layers it holds: an RNN's cell, a Bidirectional's
    // forward then backward layer (get_weights order), any other held layer by name.
    // Bounded: a damaged file can link a group into itself.
    private static void Collect(IH5Group group, string path, int depth, List<SavedArray> into, string source)
    {
        if (depth > MaxNesting)
        {
            throw new InputException($"{source} holds groups nested more than {MaxNesting} deep under '{path}', deeper than any Keras layer keeps its weights: the file is damaged.");
        }

        if (Hdf5.Group(group, "vars", source) is { } vars)
        {
            var numbered = Hdf5.DatasetNames(vars, source)
                .Select(n => (Name: n, Number: int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : int.MaxValue))
                .OrderBy(v => v.Number).ThenBy(v => v.Name, StringComparer.Ordinal);
            foreach (var (name, _) in numbered)
            {
                var (shape, values) = Hdf5.Floats(vars, name, source);
                into.Add(new SavedArray($"{path}/vars/{name}", shape, values));
            }
        }

        var children = Hdf5.GroupNames(group, source).Where(n => n != "vars").OrderBy(ChildRank).ThenBy(n => n, StringComparer.Ordinal);
        foreach (string child in children)
        {
            Collect(Hdf5.Group(group, child, source)!, $"{path}/{child}", depth + 1, into, source);
        }
    }

    private static int ChildRank(string name) => name switch
    {
        "cell" => 0,
        "forward_layer" => 1,
        "backward_layer" => 2,
        _ => 3,
    };

    private static InputException Missing(string source, Layer layer, string path) =>
        new($"{source} has no weights for the model's layer '{layer.Name}' (Keras 3 keeps them in the group '{path}').");

    /// <summary>Keras's <c>to_snake_case</c>: <c>Conv2DTranspose</c> to <c>conv2d_transpose</c>, <c>LSTM</c> to <c>lstm</c>.</summary>
    public static string SnakeCase(string className)
    {
        string name = NonWord().Replace(className, string.Empty);
        name = CapitalizedWord().Replace(name, "$1_$2");
        return LowerUpper().Replace(name, "$1_$2").ToLowerInvariant();
    }

    [GeneratedRegex(@"\W+")]
    private static partial Regex NonWord();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex CapitalizedWord();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
