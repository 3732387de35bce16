using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace OneBatch.Tests.IO;

/// <summary>Writes .npy bytes of any dtype and header version, as numpy would, so the reader can be tested on each.</summary>
public static class NpyBytes
{
    /// <param name="extraKeys">Dictionary text added after the three keys (e.g. a repeated one), ending in ", ".</param>
    public static byte[] Create(string descr, int[] shape, byte[] data, int version = 1, bool fortran = false, string extraKeys = "")
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({dims}), {extraKeys}}}";
        int prefix = version == 1 ? 10 : 12;
        int padding = (64 - ((prefix + dict.Length + 1) % 64)) % 64;
        byte[] header = Encoding.Latin1.GetBytes(dict + new string(' ', padding) + "\n");
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add((byte)version);
        bytes.Add(0);
        var length = new byte[version == 1 ? 2 : 4];
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static byte[] Float64(double[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] Int64(long[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] Int32(int[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] Float32(float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();
}
