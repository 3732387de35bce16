using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>Mutated copies of a file's bytes: flipped bytes, a truncation, a zeroed or 0xFF run, bytes inserted, cut or repeated.</summary>
public static class ByteMutations
{
    public static Gen<byte[]> Of(byte[] original)
    {
        int n = original.Length;
        var position = Gen.Int[0, Math.Max(0, n - 1)];
        var flips =
            from count in Gen.Int[1, 8]
            from at in position.Array[count]
            from with in Gen.Byte[1, 255].Array[count]
            select Apply(original, bytes =>
            {
                for (int i = 0; i < count && n > 0; i++)
                {
                    bytes[at[i]] ^= with[i];
                }

                return bytes;
            });
        var truncated = Gen.Int[0, Math.Max(0, n - 1)].Select(length => original[..length]);
        var filled =
            from at in position
            from length in Gen.Int[1, 16]
            from value in Gen.OneOf<byte>(0x00, 0xFF, 0x7F, 0x80)
            select Apply(original, bytes =>
            {
                bytes.AsSpan(at, Math.Min(length, n - at)).Fill(value);
                return bytes;
            });
        var inserted =
            from at in Gen.Int[0, n]
            from extra in Gen.Byte.Array[1, 32]
            select original[..at].Concat(extra).Concat(original[at..]).ToArray();
        var cut =
            from at in Gen.Int[0, n]
            from length in Gen.Int[1, 64]
            select original[..at].Concat(original[Math.Min(n, at + length)..]).ToArray();
        var repeated =
            from at in Gen.Int[0, n]
            from length in Gen.Int[1, 64]
            select original[..Math.Min(n, at + length)].Concat(original[at..]).ToArray();
        return n == 0 ? Gen.Byte.Array[0, 16] : Gen.OneOf<byte[]>(flips, flips, truncated, filled, inserted, cut, repeated);
    }

    private static byte[] Apply(byte[] original, Func<byte[], byte[]> change) => change((byte[])original.Clone());
}
