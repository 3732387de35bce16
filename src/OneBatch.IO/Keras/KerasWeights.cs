using System.Globalization;
using System.Text.RegularExpressions;
using OneBatch.IO.Data;
using OneBatch.Models;

namespace OneBatch.IO.Keras;

/// <summary>
/// Initial weights from an <c>.npz</c> in the order Keras's <c>model.get_weights()</c> returns them (per layer: kernel
/// then bias; BatchNormalization gamma, beta, moving mean, moving variance), as <c>np.savez(path, *weights)</c>
/// writes them: <c>arr_0</c>, <c>arr_1</c>, ... taken in numeric order (other names in the order stored).
/// </summary>
public static partial class KerasWeights
{
    public static void Load(string path, Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Built)
        {
            throw new InvalidOperationException("The model must be built before its weights are set.");
        }

        var arrays = NpzReader.Read(path).ToList();
        if (arrays.All(a => ArrayName().IsMatch(a.Name)))
        {
            arrays.Sort((a, b) => decimal.Parse(a.Name[4..], CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b.Name[4..], CultureInfo.InvariantCulture)));
        }

        var weights = model.Weights;
        if (arrays.Count != weights.Count)
        {
            throw new InputException($"'{path}' holds {arrays.Count} arrays but the model has {weights.Count} weights ({string.Join(", ", weights.Select(w => w.Name))}).");
        }

        for (int i = 0; i < weights.Count; i++)
        {
            var (name, array) = arrays[i];
            var w = weights[i];
            if (array.Shape != w.Shape)
            {
                string layer = w.Name.Contains('/') ? w.Name[..w.Name.IndexOf('/')] : w.Name;
                string weight = w.Name[(w.Name.IndexOf('/') + 1)..];
                throw new InputException($"'{path}': array '{name}' has shape {array.Shape} but layer '{layer}' needs {w.Shape} for its {weight}.");
            }

            if (!Kernels.Elementwise.AllFinite(array.Values.ReadOnlySpan))
            {
                throw new InputException($"'{path}': array '{name}' (for {w.Name}) contains NaN or infinite values.");
            }
        }

        model.SetWeights(arrays.Select(a => a.Array.Values.ToArray()).ToArray());
    }

    [GeneratedRegex(@"^arr_\d+$")]
    private static partial Regex ArrayName();
}
