using OneBatch.IO.Data;
using OneBatch.Models;

namespace OneBatch.IO.Keras;

/// <summary>
/// Initial weights from a file, told by its content: Keras's own weight files (<c>.h5</c> of <c>save_weights</c> or
/// <c>save</c> from Keras 1 and 2, Keras 3's <c>.weights.h5</c>, or a <c>.keras</c>), each matched to the model's layers
/// by Keras's rule for its layout; or an <c>.npz</c> in the order Keras's <c>model.get_weights()</c> returns them (per
/// layer: kernel then bias; BatchNormalization gamma, beta, moving mean, moving variance), as
/// <c>np.savez(path, *weights)</c> writes them: <c>arr_0</c>, <c>arr_1</c>, ... taken in numeric order (ASCII digits; other names in
/// the order stored).
/// </summary>
public static class KerasWeights
{
    public static void Load(string path, Model model) => Load(path, model, null);

    /// <param name="classNames">The class name the model file gives each layer (Keras 3 names weight groups after it).</param>
    public static void Load(string path, Model model, IReadOnlyDictionary<OneBatch.Layers.Layer, string>? classNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Built)
        {
            throw new InvalidOperationException("The model must be built before its weights are set.");
        }

        var head = Head(path);
        string source = $"'{path}'";
        if (Saved.Hdf5.IsHdf5(head))
        {
            var bytes = InputFile.ReadAllBytes(path);
            Saved.Hdf5Weights.Assign(Saved.Hdf5.Open(bytes, source), model, classNames ?? new Dictionary<OneBatch.Layers.Layer, string>(), source);
            return;
        }

        if (SavedModelFiles.IsZip(head) && IsKerasZip(path))
        {
            var file = SavedModelFiles.ReadKeras3(InputFile.ReadAllBytes(path), source);
            file.Weights!.Assign(model, classNames ?? new Dictionary<OneBatch.Layers.Layer, string>());
            return;
        }

        var stored = NpzReader.Read(path);
        var arrays = PositionalArrayNames.InOrder(stored, source) ?? stored;

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

    private static byte[] Head(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[8];
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return head[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    // A .keras (config.json and model.weights.h5) rather than a .npz (arrays saved as .npy members).
    private static bool IsKerasZip(string path)
    {
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            return zip.GetEntry("model.weights.h5") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
