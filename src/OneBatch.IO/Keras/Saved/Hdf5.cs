using PureHDF;
using OneBatch.Tensors;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// The few HDF5 reads Keras files need, over PureHDF, each failing with one <see cref="InputException"/> sentence that
/// names the file: open a file or an in-memory copy, read a string attribute in any of the encodings Keras and h5py
/// wrote (fixed-length NUL-padded ASCII, variable-length ASCII or UTF-8, and the empty float64 array an empty list
/// was saved as), and read a float dataset with its shape.
/// </summary>
internal static class Hdf5
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>
    /// True when <paramref name="head"/> (a file's first bytes) is HDF5: the signature at offset 0, or after a user
    /// block at 512, 1024, 2048, ... as the format allows.
    /// </summary>
    public static bool IsHdf5(ReadOnlySpan<byte> head)
    {
        for (int offset = 0; offset + Signature.Length <= head.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            if (head.Slice(offset, Signature.Length).SequenceEqual(Signature))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Opens HDF5 bytes (a file read whole, or a zip member); <paramref name="source"/> names it in messages.</summary>
    public static IH5Group Open(byte[] bytes, string source)
    {
        if (!IsHdf5(bytes))
        {
            throw new InputException($"{source} is not an HDF5 file (it does not start with the HDF5 signature).");
        }

        return Guard(source, () => (IH5Group)H5File.Open(new MemoryStream(bytes, writable: false), leaveOpen: false));
    }

    /// <summary>The child group at <paramref name="path"/> (relative, '/'-separated), or null when there is none.</summary>
    public static IH5Group? Group(IH5Group group, string path, string source) =>
        Guard(source, () => Child(group, path, source) as IH5Group);

    /// <summary>The names of a group's children that are groups, in stored order.</summary>
    public static IReadOnlyList<string> GroupNames(IH5Group group, string source) =>
        Guard(source, () => Children(group, source).OfType<IH5Group>().Select(g => g.Name).ToArray());

    /// <summary>The names of a group's children that are datasets, in stored order.</summary>
    public static IReadOnlyList<string> DatasetNames(IH5Group group, string source) =>
        Guard(source, () => Children(group, source).OfType<IH5Dataset>().Select(d => d.Name).ToArray());

    /// <summary>
    /// A string attribute as a list (a scalar string is a list of one), or null when the object has no such attribute.
    /// An empty numeric array (how h5py stores an empty list) is an empty list.
    /// </summary>
    public static IReadOnlyList<string>? Strings(IH5Object holder, string name, string source) => Guard(source, () =>
    {
        if (!holder.AttributeExists(name))
        {
            return null;
        }

        var attribute = holder.Attribute(name);
        var dims = attribute.Space.Dimensions;
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
        {
            return dims.Length > 0 && dims.Aggregate(1UL, (a, b) => a * b) == 0
                ? []
                : throw new InputException($"{source}: the attribute '{name}' of '{holder.Name}' holds {attribute.Type.Class} values, not text.");
        }

        Fits(holder, dims, attribute.Type.Size, compressed: false, $"the attribute '{name}' of '{holder.Name}'", source);
        var values = attribute.Space.Rank == 0 ? [attribute.Read<string>()] : attribute.Read<string[]>();

        // Fixed-length strings come NUL-padded.
        return values.Select(v => v.TrimEnd('\0')).ToArray();
    });

    /// <summary>One string attribute, or null when absent.</summary>
    public static string? String(IH5Object holder, string name, string source) =>
        Strings(holder, name, source) is { Count: > 0 } values ? values[0] : null;

    /// <summary>
    /// The float dataset at <paramref name="path"/> (relative to <paramref name="group"/>) as float32 values and its
    /// shape; float64 and float16 are converted, anything else is refused naming the dataset.
    /// </summary>
    public static (Shape Shape, float[] Values) Floats(IH5Group group, string path, string source) => Guard(source, () =>
    {
        if (Child(group, path, source) is not IH5Dataset dataset)
        {
            throw new InputException($"{source} has no dataset '{Join(group.Name, path)}'.");
        }

        var type = dataset.Type;
        Fits(dataset, dataset.Space.Dimensions, type.Size, compressed: dataset.Layout.Class is not (H5DataLayoutClass.Compact or H5DataLayoutClass.Contiguous), $"the dataset '{Join(group.Name, path)}'", source);
        var shape = new Shape(dataset.Space.Dimensions.Select(d => checked((int)d)).ToArray());
        float[] values = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
            (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>().Select(d => (float)d).ToArray(),
            (H5DataTypeClass.FloatingPoint, 2) => dataset.Read<Half[]>().Select(h => (float)h).ToArray(),
            _ => throw new InputException($"{source}: the dataset '{Join(group.Name, path)}' holds {type.Class} values of {type.Size} bytes, not floats."),
        };

        if (values.Length != shape.Size)
        {
            throw new InputException($"{source}: the dataset '{Join(group.Name, path)}' holds {values.Length} values for its shape {shape}.");
        }

        return (shape, values);
    });

    // The object at a relative path, or null; each group on the way is checked to hold only hard links first, since
    // PureHDF follows a soft or external link while it looks up any name in its group.
    private static IH5Object? Child(IH5Group group, string path, string source)
    {
        IH5Object current = group;
        foreach (string name in path.Split('/'))
        {
            if (current is not IH5Group parent || name.Length == 0 || !HardLinksOnly(parent, source).LinkExists(name))
            {
                return null;
            }

            current = parent.Get(name);
        }

        return current;
    }

    private static IEnumerable<IH5Object> Children(IH5Group group, string source) => HardLinksOnly(group, source).Children();

    private static IH5Group HardLinksOnly(IH5Group group, string source) => Hdf5Links.NotHard(group) is [var link, ..]
        ? throw new InputException($"{source} cannot be read as HDF5: its group '{group.Name}' holds '{link}' as a soft or external link, which Keras never writes (the file is damaged).")
        : group;

    // What a dataspace claims, checked in 64 bits before PureHDF allocates it (PureHDF allocates whatever the dims say):
    // stored as is, its bytes lie within the file; chunked, perhaps compressed, they must fit in the memory there is.
    private static void Fits(IH5Object holder, ulong[] dims, int elementSize, bool compressed, string what, string source)
    {
        UInt128 count = 1;
        foreach (ulong d in dims)
        {
            count = count * d > ulong.MaxValue ? ulong.MaxValue : count * d;
        }

        UInt128 bytes = count * (ulong)Math.Max(elementSize, 1);
        long limit = compressed ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : Hdf5FileSize.Of(holder) ?? long.MaxValue;
        if (count > (ulong)Array.MaxLength || bytes > (ulong)limit)
        {
            throw new InputException(
                $"{source} cannot be read as HDF5: {what} claims {string.Join(" x ", dims)} values of {elementSize} bytes, more than {(compressed ? "the memory available" : $"the file's {limit} bytes")} (the file is damaged).");
        }
    }

    private static string Join(string group, string path) => group is "/" or "" ? path : $"{group.TrimStart('/')}/{path}";

    // PureHDF reports a damaged or truncated file with exceptions of many kinds: each becomes one sentence naming the file.
    private static T Guard<T>(string source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InputException)
        {
            throw;
        }
        catch (OutOfMemoryException e)
        {
            // What PureHDF allocates past the checks above is what the file's own structures (a string's, a name's
            // length) claim: a length beyond the memory there is can only be damage.
            throw new InputException($"{source} cannot be read as HDF5: it claims a length larger than the memory available (it is damaged).", e);
        }
        catch (Exception e) when (e is not (StackOverflowException or MissingMemberException or TypeInitializationException))
        {
            throw new InputException($"{source} cannot be read as HDF5: it is truncated or damaged ({e.GetType().Name}).", e);
        }
    }
}
