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

    public static IReadOnlyList<string> SupportedDTypes { get; } = ["float32", "float64", "int32", "int64", "uint8", "bool"];

    public static NumpyArray Read(string path) => Parse(InputFile.ReadAllBytes(path), $"'{path}'");

    /// <summary>Parses the bytes of a <c>.npy</c> file; <paramref name="source"/> names it in error messages.</summary>
    public static NumpyArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw new InputException($"{source} is not a .npy file (it does not start with the NumPy magic bytes).");
        }

        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3)
        {
            if (bytes.Length < 12)
            {
                throw new InputException($"{source} is truncated inside its .npy header.");
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
            headerLength = length > (uint)bytes.Length ? bytes.Length : (int)length;
            headerStart = 12;
        }
        else
        {
            throw new InputException($"{source} has .npy format version {major}.{bytes[7]}; versions 1 to 3 are supported.");
        }

        if (headerStart + headerLength > bytes.Length)
        {
            throw new InputException($"{source} is truncated inside its .npy header.");
        }

        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string header = encoding.GetString(bytes.Slice(headerStart, headerLength));
        var (descr, fortran, dims) = ParseHeader(header, source);
        if (fortran && dims.Length > 1)
        {
            throw new InputException($"{source} is stored in Fortran order; save it in C order (np.ascontiguousarray) first.");
        }

        var (dtype, itemSize) = ParseDescr(descr, source);
        if (dims.Length > Shape.MaxRank)
        {
            throw new InputException($"{source} has {dims.Length} dimensions; at most {Shape.MaxRank} are supported.");
        }

        long count = 1;
        foreach (int d in dims)
        {
            count = d == 0 ? 0 : count > Array.MaxLength / d ? Array.MaxLength + 1L : count * d;
        }

        var data = bytes[(headerStart + headerLength)..];
        long needed = count * itemSize;
        if (data.Length < needed)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{source} is truncated: its header promises {count} values of {dtype} ({needed} bytes) but the file holds {data.Length} bytes of data."));
        }

        if (count > Array.MaxLength)
        {
            throw new InputException($"{source} holds {count} values, more than one array can.");
        }

        var values = new float[count];
        Convert(data[..(int)needed], dtype, values);
        return new NumpyArray(new Tensor(new Shape(dims), values), dtype);
    }

    private static void Convert(ReadOnlySpan<byte> data, string dtype, float[] values)
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

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
