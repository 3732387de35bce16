using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>One fixed batch read from files: a tensor per model input, a target per model output, and where each came from (for messages).</summary>
public sealed record Batch(IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Targets, IReadOnlyList<string> InputSources, IReadOnlyList<string> TargetSources)
{
    /// <summary>A batch for a model with one input and one output.</summary>
    public Batch(Tensor x, Tensor y, string xSource, string ySource)
        : this([x], [y], [xSource], [ySource])
    {
    }

    /// <summary>The (first) input.</summary>
    public Tensor X => Inputs[0];

    /// <summary>The (first) output's targets.</summary>
    public Tensor Y => Targets[0];

    public string XSource => InputSources[0];

    public string YSource => TargetSources[0];
}

/// <summary>
/// Reads a batch from <c>.npy</c>, <c>.npz</c> or <c>.csv</c> files and checks it: not empty, finite, and as many
/// samples in every array.
/// <list type="bullet">
/// <item><c>x.npy</c> + <c>y.npy</c> (or any mix of the three formats): one array each.</item>
/// <item><c>data.npz</c> alone: its arrays <c>x</c> and <c>y</c>, or else its first two in order.</item>
/// <item><c>data.csv</c> alone: features and target, the target the last column or the one named <c>targetColumn</c>.</item>
/// <item>For a model with several inputs (outputs), <c>x.npz</c> (<c>y.npz</c>) holds an array named after each input
/// (output) layer, or <c>arr_0</c>, <c>arr_1</c>, ... in input (output) order as <c>np.savez(path, *xs)</c> writes them;
/// without <c>y</c>, the targets are looked for in the inputs' <c>.npz</c>.</item>
/// </list>
/// </summary>
public static class BatchLoader
{
    /// <summary>A batch for a model with one input and one output.</summary>
    public static Batch Load(string xPath, string? yPath = null, string? targetColumn = null) =>
        Load(xPath, yPath, targetColumn, ["x"], ["y"]);

    /// <summary>A batch for a model whose inputs and outputs have these names (the arrays of a <c>.npz</c> are matched to them).</summary>
    public static Batch Load(string xPath, string? yPath, string? targetColumn, IReadOnlyList<string> inputNames, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(xPath);
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(outputNames);
        if (targetColumn is not null && (yPath is not null || Kind(xPath) != ".csv"))
        {
            throw new InputException($"A target column ('{targetColumn}') can only be picked from a .csv given alone as the inputs; '{xPath}' is not one.");
        }

        Batch batch;
        if (inputNames.Count == 1 && outputNames.Count == 1 && yPath is null)
        {
            batch = Tagged("x", () => Kind(xPath) switch
            {
                ".npz" => FromNpz(xPath, inputNames[0], outputNames[0]),
                ".csv" => FromCsv(xPath, targetColumn),
                _ => throw new InputException($"'{xPath}' holds only the inputs; give the targets too (a .npz with arrays x and y, or a .csv with a target column, needs nothing else)."),
            });
        }
        else
        {
            var (inputs, inputSources) = Tagged("x", () => Arrays(xPath, inputNames, "input", "x"));
            var (targets, targetSources) = yPath is null
                ? Tagged("y", () => Kind(xPath) == ".npz"
                    ? Arrays(xPath, outputNames, "output", "y")
                    : throw new InputException($"'{xPath}' holds only the inputs; give the targets too (a .npz of an array per output, named after the output layers: {string.Join(", ", outputNames)})."))
                : Tagged("y", () => Arrays(yPath, outputNames, "output", "y"));
            batch = new Batch(inputs, targets, inputSources, targetSources);
        }

        Validate(batch);
        return batch;
    }

    /// <summary>
    /// About the most memory reading a batch file holds at once, found from its headers alone: its values as float32
    /// twice over (read, then made a tensor), however well a .npz is compressed; for a .csv, twice its text.
    /// </summary>
    public static long ReadingBytes(string path) => Kind(path) switch
    {
        ".npy" => 2 * NpyReader.ReadHeader(path).TensorBytes,
        ".npz" => 2 * NpzReader.AnnouncedBytes(path),
        _ => 2 * new FileInfo(path).Length,
    };

    private static string Kind(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext is ".npy" or ".npz" or ".csv"
            ? ext
            : throw new InputException($"'{path}' is not a .npy, .npz or .csv file (by its name); those are the data formats OneBatch reads.");
    }

    /// <summary>
    /// An array per name from one file: a .npy or .csv stands for the one name; a .npz holds an array named after
    /// each (or, for one name, <paramref name="fallback"/> or its first), or arr_0, arr_1, ... in order.
    /// </summary>
    private static (Tensor[] Arrays, string[] Sources) Arrays(string path, IReadOnlyList<string> names, string what, string fallback)
    {
        if (Kind(path) != ".npz")
        {
            if (names.Count != 1)
            {
                throw new InputException($"'{path}' holds one array, but the model has {names.Count} {what}s ({string.Join(", ", names)}): give a .npz with an array named after each.");
            }

            var array = Kind(path) == ".csv" ? new NumpyArray(CsvReader.Read(path).Values, "float32") : NpyReader.Read(path);
            return ([array.Values], [$"'{path}'"]);
        }

        var arrays = NpzReader.Read(path);
        var byName = new Dictionary<string, NumpyArray>(StringComparer.Ordinal);
        foreach (var (name, array) in arrays)
        {
            byName.TryAdd(name, array);
        }

        if (names.All(byName.ContainsKey))
        {
            return (names.Select(n => byName[n].Values).ToArray(), names.Select(n => $"array '{n}' of '{path}'").ToArray());
        }

        if (names.Count == 1)
        {
            var (name, array) = byName.TryGetValue(fallback, out var f) ? (fallback, f) : arrays[0];
            return ([array.Values], [$"array '{name}' of '{path}'"]);
        }

        if (arrays.Count == names.Count && PositionalArrayNames.InOrder(arrays, $"'{path}'") is { } ordered)
        {
            return (ordered.Select(a => a.Array.Values).ToArray(), ordered.Select(a => $"array '{a.Name}' of '{path}'").ToArray());
        }

        string missing = names.First(n => !byName.ContainsKey(n));
        throw new InputException(
            $"'{path}' has no array '{missing}' for the model's {what} '{missing}' (it holds {string.Join(", ", arrays.Select(a => a.Name))}); " +
            $"name an array after each {what} of the model: {string.Join(", ", names)}.");
    }

    private static Batch FromNpz(string path, string inputName, string outputName)
    {
        var arrays = NpzReader.Read(path);
        var x = arrays.FirstOrDefault(a => a.Name == inputName);
        if (x.Array is null)
        {
            x = arrays.FirstOrDefault(a => a.Name == "x");
        }

        var y = arrays.FirstOrDefault(a => a.Name == outputName);
        if (y.Array is null)
        {
            y = arrays.FirstOrDefault(a => a.Name == "y");
        }

        if (x.Array is null || y.Array is null)
        {
            if (arrays.Count < 2)
            {
                throw new InputException($"'{path}' holds one array ('{arrays[0].Name}'); it needs two (x and y), or give the targets in a file of their own.");
            }

            (x, y) = (arrays[0], arrays[1]);
        }

        return new Batch(x.Array.Values, y.Array.Values, $"array '{x.Name}' of '{path}'", $"array '{y.Name}' of '{path}'");
    }

    private static Batch FromCsv(string path, string? targetColumn)
    {
        var table = CsvReader.Read(path);
        int rows = table.Values.Shape[0];
        int columns = table.Values.Shape[1];
        int target = columns - 1;
        if (targetColumn is not null)
        {
            target = table.Header is { } header ? IndexOf(header, targetColumn) : -1;
            if (target < 0)
            {
                throw new InputException(table.Header is null
                    ? $"'{path}' has no header row, so it has no column named '{targetColumn}'."
                    : $"'{path}' has no column named '{targetColumn}'; its columns are {string.Join(", ", table.Header)}.");
            }
        }

        if (columns < 2)
        {
            throw new InputException($"'{path}' has one column; it needs the features and a target column.");
        }

        var source = table.Values.ReadOnlySpan;
        var x = new Tensor(new Shape(rows, columns - 1));
        var y = new Tensor(new Shape(rows, 1));
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            int k = 0;
            for (int c = 0; c < columns; c++)
            {
                float v = source[(r * columns) + c];
                if (c == target)
                {
                    ys[r] = v;
                }
                else
                {
                    xs[(r * (columns - 1)) + k++] = v;
                }
            }
        }

        string name = table.Header is { } h ? $"column '{h[target]}'" : $"column {target + 1}";
        return new Batch(x, y, $"'{path}'", $"{name} of '{path}'");
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Validate(Batch batch)
    {
        for (int i = 0; i < batch.Inputs.Count; i++)
        {
            var x = batch.Inputs[i];
            if (x.Rank == 0 || x.Shape[0] == 0 || x.Size == 0)
            {
                throw new InputException($"The inputs in {batch.InputSources[i]} are an empty batch (shape {x.Shape}).") { Part = "x" };
            }
        }

        for (int i = 0; i < batch.Targets.Count; i++)
        {
            var y = batch.Targets[i];
            if (y.Rank == 0 || y.Shape[0] == 0)
            {
                throw new InputException($"The targets in {batch.TargetSources[i]} are an empty batch (shape {y.Shape}).") { Part = "y" };
            }
        }

        int samples = batch.X.Shape[0];
        for (int i = 1; i < batch.Inputs.Count; i++)
        {
            if (batch.Inputs[i].Shape[0] != samples)
            {
                throw new InputException($"The inputs in {batch.XSource} hold {samples} samples but those in {batch.InputSources[i]} hold {batch.Inputs[i].Shape[0]}: the batch sizes differ.") { Part = "x" };
            }
        }

        for (int i = 0; i < batch.Targets.Count; i++)
        {
            if (batch.Targets[i].Shape[0] != samples)
            {
                throw new InputException($"The inputs in {batch.XSource} hold {samples} samples but the targets in {batch.TargetSources[i]} hold {batch.Targets[i].Shape[0]}: the batch sizes differ.");
            }
        }

        for (int i = 0; i < batch.Inputs.Count; i++)
        {
            CheckFinite(batch.Inputs[i], "inputs", batch.InputSources[i], "x");
        }

        for (int i = 0; i < batch.Targets.Count; i++)
        {
            CheckFinite(batch.Targets[i], "targets", batch.TargetSources[i], "y");
        }
    }

    private static T Tagged<T>(string part, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InputException e) when (e.Part is null)
        {
            throw new InputException(e.Message, e) { Part = part };
        }
    }

    private static void CheckFinite(Tensor t, string what, string source, string part)
    {
        var s = t.ReadOnlySpan;
        for (int i = 0; i < s.Length; i++)
        {
            if (!float.IsFinite(s[i]))
            {
                int perSample = t.Size / t.Shape[0];
                throw new InputException($"The {what} in {source} contain {(float.IsNaN(s[i]) ? "NaN" : "an infinite value")} (sample {i / perSample}, value {i % perSample}).") { Part = part };
            }
        }
    }
}
