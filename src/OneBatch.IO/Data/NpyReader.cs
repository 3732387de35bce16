using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>
/// Reads NumPy's <c>.npy</c> format (header versions 1, 2 and 3; little-endian; C order) with the dtypes float32,
/// float64, int32, int64, uint8 and bool. Values become float32.
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy itself refuses headers over 10,000 bytes unless told to trust the file; one it writes is a few hundred.
    private const int MaxHeaderLength = 1 << 20;

    // Data are read and converted this many bytes at a time (a multiple of every item size).
    private const int ChunkBytes = 1 << 20;

    public static IReadOnlyList<string> SupportedDTypes { get; } = ["float32", "float64", "int32", "int64", "uint8", "bool"];

    public static NumpyArray Read(string path)
    {
        using var stream = InputFile.OpenRead(path);
        string source = $"'{path}'";
        return ReadData(stream, ReadHeader(stream, source), source);
    }

    /// <summary>The header of a <c>.npy</c> file alone: what it announces, without reading the data.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return ReadHeader(stream, $"'{path}'");
    }

    /// <summary>Parses the bytes of a <c>.npy</c> file; <paramref name="source"/> names it in error messages.</summary>
    public static NumpyArray Parse(byte[] bytes, string source)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadData(stream, ReadHeader(stream, source), source);
    }

    /// <summary>
    /// Reads a <c>.npy</c> header from the stream, which is left at the first byte of data. <paramref name="available"/>
    /// is how many bytes the source holds in all when the stream cannot tell (a zip member's declared size).
    /// </summary>
    internal static NpyHeader ReadHeader(Stream stream, string source, long? available = null)
    {
        available ??= stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false) < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InputException($"{source} is not a .npy file (it does not start with the NumPy magic bytes).");
        }

        int major = prefix[6];
        long headerLength;
        int headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3)
        {
            if (stream.ReadAtLeast(prefix[10..], 2, throwOnEndOfStream: false) < 2)
            {
                throw new InputException($"{source} is truncated inside its .npy header.");
            }

            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            headerStart = 12;
        }
        else
        {
            throw new InputException($"{source} has .npy format version {major}.{prefix[7]}; versions 1 to 3 are supported.");
        }

        if (headerStart + headerLength > available)
        {
            throw new InputException($"{source} is truncated inside its .npy header.");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{source} has a .npy header of {headerLength} bytes, more than the {MaxHeaderLength} OneBatch reads (numpy writes a few hundred)."));
        }

        var text = new byte[headerLength];
        if (stream.ReadAtLeast(text, text.Length, throwOnEndOfStream: false) < text.Length)
        {
            throw new InputException($"{source} is truncated inside its .npy header.");
        }

        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        var (descr, fortran, dims) = ParseHeader(encoding.GetString(text), source);
        if (fortran && dims.Length > 1)
        {
            throw new InputException($"{source} is stored in Fortran order; save it in C order (np.ascontiguousarray) first.");
        }

        var (dtype, itemSize) = ParseDescr(descr, source);
        if (dims.Length > Shape.MaxRank)
        {
            throw new InputException($"{source} has {dims.Length} dimensions; at most {Shape.MaxRank} are supported.");
        }

        long count = Count(dims, itemSize, source);
        if (count > Array.MaxLength)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{source} holds {count} values, more than one array can hold ({Array.MaxLength})."));
        }

        return new NpyHeader(dtype, itemSize, dims, count, headerStart + headerLength);
    }

    /// <summary>Reads the data <paramref name="header"/> announces from the stream, and not a byte more.</summary>
    internal static NumpyArray ReadData(Stream stream, NpyHeader header, string source)
    {
        if (stream.CanSeek && stream.Length - stream.Position < header.DataBytes)
        {
            throw Truncated(header, stream.Length - stream.Position, source);
        }

        var values = new float[header.Count];
        int perChunk = ChunkBytes / header.ItemSize;
        var buffer = new byte[Math.Min(header.DataBytes, ChunkBytes)];
        for (int done = 0; done < values.Length; done += perChunk)
        {
            int n = Math.Min(perChunk, values.Length - done);
            var chunk = buffer.AsSpan(0, n * header.ItemSize);
            int read = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            if (read < chunk.Length)
            {
                throw Truncated(header, ((long)done * header.ItemSize) + read, source);
            }

            Convert(chunk, header.DType, values.AsSpan(done, n));
        }

        return new NumpyArray(new Tensor(new Shape(header.Dims.ToArray()), values), header.DType);
    }

    // The product of the dims and its size in bytes, in checked 64-bit arithmetic (a zero dim makes it zero whatever
    // the others are).
    private static long Count(int[] dims, int itemSize, string source)
    {
        if (dims.Contains(0))
        {
            return 0;
        }

        try
        {
            long count = 1;
            foreach (int d in dims)
            {
                count = checked(count * d);
            }

            _ = checked(count * itemSize);
            return count;
        }
        catch (OverflowException)
        {
            throw new InputException($"{source} has shape ({string.Join(", ", dims)}), whose size overflows 64 bits.");
        }
    }

    private static InputException Truncated(NpyHeader header, long held, string source) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"{source} is truncated: its header promises {header.Count} values of {header.DType} ({header.DataBytes} bytes) but the file holds {held} bytes of data."));

    private static void Convert(ReadOnlySpan<byte> data, string dtype, Span<float> values)
    {
        switch (dtype)
        {
            case "float32":
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                }

                break;
            case "float64":
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                }

                break;
            case "int32":
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]);
                }

                break;
            case "int64":
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]);
                }

                break;
            default:
                // uint8 and bool: one byte per value.
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = data[i];
                }

                break;
        }
    }

    private static (string Descr, bool Fortran, int[] Shape) ParseHeader(string header, string source)
    {
        foreach (var key in KeyPattern().Matches(header).GroupBy(m => m.Groups[1].Value))
        {
            if (key.Count() > 1)
            {
                throw new InputException($"{source} has a corrupt .npy header: it gives the key '{key.Key}' twice.");
            }
        }

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new InputException($"{source} has a corrupt .npy header (it lacks 'descr', 'fortran_order' or 'shape').");
        }

        var dims = new List<int>();
        foreach (string part in shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string p = part.TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int d))
            {
                throw new InputException($"{source} has a corrupt .npy header: shape entry '{part}' is not a size.");
            }

            dims.Add(d);
        }

        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims.ToArray());
    }

    private static (string DType, int ItemSize) ParseDescr(string descr, string source)
    {
        char order = descr.Length > 0 ? descr[0] : ' ';
        string code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        (string, int)? result = code switch
        {
            "f4" => ("float32", 4),
            "f8" => ("float64", 8),
            "i4" => ("int32", 4),
            "i8" => ("int64", 8),
            "u1" => ("uint8", 1),
            "b1" => ("bool", 1),
            _ => null,
        };
        if (result is not (string dtype, int size))
        {
            throw new InputException($"{source} holds dtype '{descr}', which is not supported; use one of {string.Join(", ", SupportedDTypes)}.");
        }

        if (order == '>' && size > 1)
        {
            throw new InputException($"{source} is big-endian ('{descr}'); save it little-endian (arr.astype('<{code}')).");
        }

        return (dtype, size);
    }

    [GeneratedRegex(@"['""](descr|fortran_order|shape)['""]\s*:")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
