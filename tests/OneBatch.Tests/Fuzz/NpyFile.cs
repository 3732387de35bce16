using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// A <c>.npy</c> file as parts that a mutation can edit one at a time: the header's version, its dictionary text
/// (descr, fortran_order, shape and any extra or repeated keys), the header length it declares, and the data bytes.
/// </summary>
public sealed record NpyFile(int Version, string Descr, string Fortran, string Shape, string Extra, int? DeclaredHeaderLength, byte[] Data)
{
    /// <summary>The dtypes the reader accepts, with their item sizes.</summary>
    public static readonly (string Descr, int Size)[] Accepted = [("<f4", 4), ("<f8", 8), ("<i4", 4), ("<i8", 8), ("|u1", 1), ("|b1", 1)];

    public static string ShapeText(IReadOnlyList<long> dims) => dims.Count switch
    {
        0 => "()",
        1 => $"({dims[0]},)",
        _ => "(" + string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    /// <summary>A valid file of <paramref name="dims"/> in <paramref name="descr"/> holding <paramref name="values"/> (as many as the shape needs).</summary>
    public static NpyFile Of(string descr, IReadOnlyList<long> dims, IReadOnlyList<double> values, int version = 1, bool fortran = false) =>
        new(version, descr, fortran ? "True" : "False", ShapeText(dims), "", null, Encode(descr, values));

    public byte[] Bytes()
    {
        string dict = $"{{'descr': '{Descr}', 'fortran_order': {Fortran}, 'shape': {Shape}, {Extra}}}";
        var encoding = Version >= 3 ? Encoding.UTF8 : Encoding.Latin1;
        int prefix = Version == 1 ? 10 : 12;
        int length = encoding.GetByteCount(dict) + 1;
        int padding = (64 - ((prefix + length) % 64)) % 64;
        byte[] header = encoding.GetBytes(dict + new string(' ', padding) + "\n");
        var bytes = new List<byte>(prefix + header.Length + Data.Length) { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add((byte)Version);
        bytes.Add(0);
        int declared = DeclaredHeaderLength ?? header.Length;
        var field = new byte[Version == 1 ? 2 : 4];
        if (Version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(field, unchecked((ushort)declared));
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(field, declared);
        }

        bytes.AddRange(field);
        bytes.AddRange(header);
        bytes.AddRange(Data);
        return bytes.ToArray();
    }

    /// <summary>Values in a dtype's little-endian bytes (an unknown dtype gets float32's).</summary>
    public static byte[] Encode(string descr, IReadOnlyList<double> values)
    {
        int size = Accepted.FirstOrDefault(a => a.Descr == descr).Size is > 0 and var s ? s : 4;
        var bytes = new byte[values.Count * size];
        for (int i = 0; i < values.Count; i++)
        {
            var at = bytes.AsSpan(i * size);
            double v = values[i];
            switch (descr)
            {
                case "<f8": BinaryPrimitives.WriteDoubleLittleEndian(at, v); break;
                case "<i4": BinaryPrimitives.WriteInt32LittleEndian(at, double.IsFinite(v) ? (int)Math.Clamp(Math.Round(v), int.MinValue, int.MaxValue) : 0); break;
                case "<i8": BinaryPrimitives.WriteInt64LittleEndian(at, double.IsFinite(v) ? (long)Math.Clamp(Math.Round(v), -9e18, 9e18) : 0); break;
                case "|u1": at[0] = double.IsFinite(v) ? (byte)Math.Clamp(Math.Round(v), 0, 255) : (byte)0; break;
                case "|b1": at[0] = v > 0.5 ? (byte)1 : (byte)0; break;
                default: BinaryPrimitives.WriteSingleLittleEndian(at, (float)v); break;
            }
        }

        return bytes;
    }

    /// <summary>A valid array of any accepted dtype, header version and shape (rank 0 to 4, sizes 0 to 4).</summary>
    public static Gen<NpyFile> AnyValid { get; } =
        from dtype in Gen.OneOf(Accepted)
        from version in Gen.Int[1, 3]
        from dims in Gen.Long[0, 4].Array[0, 4]
        from values in FuzzValues.DataValue.Array[(int)dims.Aggregate(1L, (a, d) => a * d)]
        from fortran in Gen.Bool
        select Of(dtype.Descr, dims, values, version, fortran && dims.Length <= 1);

    /// <summary>
    /// One edit that a hostile or damaged file could carry: huge, negative or odd sizes, a dtype the reader does not
    /// accept, Fortran order, a repeated or missing key, a header length that lies, too few or too many data bytes.
    /// </summary>
    public Gen<NpyFile> Mutated() => Gen.OneOf<NpyFile>(
        from size in Gen.OneOf(FuzzValues.HugeSizes.Concat(["-1", "-2147483648", "1L", "2.0", "0x10", "", "1e3", "(2,)", "None", "\u0665"]).ToArray())
        from rank in Gen.Int[1, 3]
        from at in Gen.Int[0, rank - 1]
        let dims = Enumerable.Range(0, rank).Select(i => i == at ? size : "2").ToArray()
        select this with { Shape = rank == 1 ? $"({size},)" : "(" + string.Join(", ", dims) + ")" },
        Gen.OneOf("<f2", ">f8", ">i4", "<c8", "|O", "<U3", "", "f4", "<f4<f4", "float32", "|V8", "<M8[s]", "<u8", "|i1", "\u00e9")
            .Select(descr => this with { Descr = descr }),
        Gen.OneOf("True", "1", "'False'", "None", "")
            .Select(fortran => this with { Fortran = fortran }),
        Gen.OneOf("'shape': (1,), ", "'shape': (3, 4), ", "'descr': '<f8', ", "'fortran_order': True, ", "'extra': [1, 2], ", "'shape': (2147483647, 2147483647), ", "'\u00e9\u0000': 1, ")
            .Select(extra => this with { Extra = extra }),
        Gen.OneOf(0, 1, 5, 63, 65535, int.MaxValue, -1, -64)
            .Select(length => this with { DeclaredHeaderLength = length }),
        Gen.Int[0, 4].Select(v => this with { Version = v }),
        Gen.Int[0, Math.Max(0, Data.Length)].Select(n => this with { Data = Data[..n] }),
        Gen.Byte.Array[1, 64].Select(more => this with { Data = [.. Data, .. more] }));
}
