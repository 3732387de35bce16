using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>One fixed batch read from files: inputs, targets, and where each came from (for messages).</summary>
public sealed record Batch(Tensor X, Tensor Y, string XSource, string YSource, bool IntegerTargets);

/// <summary>
/// Reads a batch from <c>.npy</c>, <c>.npz</c> or <c>.csv</c> files and checks it: not empty, finite, and as many
/// targets as inputs.
/// <list type="bullet">
/// <item><c>x.npy</c> + <c>y.npy</c> (or any mix of the three formats): one array each.</item>
/// <item><c>data.npz</c> alone: its arrays <c>x</c> and <c>y</c>, or else its first two in order.</item>
/// <item><c>data.csv</c> alone: features and target, the target the last column or the one named <c>targetColumn</c>.</item>
/// </list>
/// </summary>
public static class BatchLoader
{
    public static Batch Load(string xPath, string? yPath = null, string? targetColumn = null)
    {
        ArgumentNullException.ThrowIfNull(xPath);
        if (targetColumn is not null && (yPath is not null || Kind(xPath) != ".csv"))
        {
            throw new InputException($"A target column ('{targetColumn}') can only be picked from a .csv given alone as the inputs; '{xPath}' is not one.");
        }

        Tensor x;
        Tensor y;
        bool integerTargets;
        string xSource = $"'{xPath}'";
        string ySource;
        if (yPath is null)
        {
            switch (Kind(xPath))
            {
                case ".npz":
                    (x, y, integerTargets, xSource, ySource) = FromNpz(xPath);
                    break;
                case ".csv":
                    (x, y, ySource) = FromCsv(xPath, targetColumn);
                    integerTargets = IsWhole(y);
                    break;
                default:
                    throw new InputException($"'{xPath}' holds only the inputs; give the targets too (a .npz with arrays x and y, or a .csv with a target column, needs nothing else).");
            }
        }
        else
        {
            var xs = Tagged("x", () => ReadOne(xPath, "x"));
            var ys = Tagged("y", () => ReadOne(yPath, "y"));
            (x, y) = (xs.Values, ys.Values);
            integerTargets = ys.IsIntegerType || IsWhole(y);
            xSource = $"'{xPath}'";
            ySource = $"'{yPath}'";
        }

        Validate(x, y, xSource, ySource);
        return new Batch(x, y, xSource, ySource, integerTargets);
    }

    private static string Kind(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext is ".npy" or ".npz" or ".csv"
            ? ext
            : throw new InputException($"'{path}' is not a .npy, .npz or .csv file (by its name); those are the data formats OneBatch reads.");
    }

    /// <summary>One array from a file: a .npy, a .csv (all its columns), or a .npz (the array named <paramref name="preferred"/>, else the first).</summary>
    private static NumpyArray ReadOne(string path, string preferred)
    {
        switch (Kind(path))
        {
            case ".npy":
                return NpyReader.Read(path);
            case ".csv":
                var table = CsvReader.Read(path);
                return new NumpyArray(table.Values, "float32");
            default:
                var arrays = NpzReader.Read(path);
                foreach (var (name, array) in arrays)
                {
                    if (name == preferred)
                    {
                        return array;
                    }
                }

                return arrays[0].Array;
        }
    }

    private static (Tensor X, Tensor Y, bool Integer, string XSource, string YSource) FromNpz(string path)
    {
        var arrays = NpzReader.Read(path);
        var x = arrays.FirstOrDefault(a => a.Name == "x");
        var y = arrays.FirstOrDefault(a => a.Name == "y");
        if (x.Array is null || y.Array is null)
        {
            if (arrays.Count < 2)
            {
                throw new InputException($"'{path}' holds one array ('{arrays[0].Name}'); it needs two (x and y), or give the targets in a file of their own.");
            }

            (x, y) = (arrays[0], arrays[1]);
        }

        return (x.Array.Values, y.Array.Values, y.Array.IsIntegerType || IsWhole(y.Array.Values), $"array '{x.Name}' of '{path}'", $"array '{y.Name}' of '{path}'");
    }

    private static (Tensor X, Tensor Y, string YSource) FromCsv(string path, string? targetColumn)
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
        return (x, y, $"{name} of '{path}'");
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

    private static bool IsWhole(Tensor t)
    {
        foreach (float v in t.ReadOnlySpan)
        {
            if (v != MathF.Round(v))
            {
                return false;
            }
        }

        return true;
    }

    private static void Validate(Tensor x, Tensor y, string xSource, string ySource)
    {
        if (x.Rank == 0 || x.Shape[0] == 0 || x.Size == 0)
        {
            throw new InputException($"The inputs in {xSource} are an empty batch (shape {x.Shape}).") { Part = "x" };
        }

        if (y.Rank == 0 || y.Shape[0] == 0)
        {
            throw new InputException($"The targets in {ySource} are an empty batch (shape {y.Shape}).") { Part = "y" };
        }

        if (x.Shape[0] != y.Shape[0])
        {
            throw new InputException($"The inputs in {xSource} hold {x.Shape[0]} samples but the targets in {ySource} hold {y.Shape[0]}: the batch sizes differ.");
        }

        CheckFinite(x, "inputs", xSource, "x");
        CheckFinite(y, "targets", ySource, "y");
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
