using System.Buffers.Binary;
using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// <c>onebatch check</c> on generated <c>.npz</c> files (a batch given as <c>--x</c> alone, an <c>--x</c> beside a
/// <c>.npy</c> <c>--y</c>, or <c>--weights</c>), stored or deflated, valid and mutated: flipped or cut bytes, a wrong
/// CRC, sizes that lie, the encrypted flag, a duplicate member, odd member names, a damaged member, a zip bomb.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class NpzFuzzTests
{
    /// <summary>A deflated member that inflates to 768 MB of zeros behind a header that promises 6 floats.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        byte[] header = NpyFile.Of("<f4", [2, 3], [0, 0, 0, 0, 0, 0]).Bytes();
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("x.npy", System.IO.Compression.CompressionLevel.Optimal).Open();
            stream.Write(header);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 768; i++)
            {
                stream.Write(zeros);
            }
        }

        return buffer.ToArray();
    });

    public static Gen<FuzzCase> Cases { get; } =
        from model in FuzzModel.Any
        from samples in Gen.Int[1, 5]
        from xValues in (model.TokenIds ? Gen.Int[0, FuzzModel.Vocabulary - 1].Select(i => (double)i) : FuzzValues.DataValue)
            .Array[samples * model.Input.Aggregate(1, (a, d) => a * d)]
        from yValues in Gen.Double.Unit.Array[samples * model.Target.Aggregate(1, (a, d) => a * d)]
        from use in Gen.Int[0, 2]
        from positional in Gen.Bool
        from deflate in Gen.Bool
        let x = NpyFile.Of(model.TokenIds ? "<i8" : "<f4", [samples, .. model.Input.Select(d => (long)d)], xValues)
        let y = NpyFile.Of("<f8", [samples, .. model.Target.Select(d => (long)d)], yValues)
        let weights = WeightArrays(model)
        let members = use switch
        {
            0 => new List<(string Name, NpyFile Npy)> { (positional ? "arr_0" : "x", x), (positional ? "arr_1" : "y", y) },
            1 => [(positional ? "arr_0" : "x", x)],
            _ => weights.Select((w, i) => ($"arr_{i}", w)).ToList(),
        }
        from how in Gen.Int[0, 9]
        from zip in Zip(members, deflate, how)
        let files = new List<FuzzFile> { model.File(), new("data.npz", zip), new("y.npy", y.Bytes()), new("x.npy", x.Bytes()) }
        let args = new List<string> { "check", "--model", FuzzCase.InDir("model.json") }
            .Concat(use switch
            {
                0 => ["--x", FuzzCase.InDir("data.npz")],
                1 => ["--x", FuzzCase.InDir("data.npz"), "--y", FuzzCase.InDir("y.npy")],
                _ => ["--x", FuzzCase.InDir("x.npy"), "--y", FuzzCase.InDir("y.npy"), "--weights", FuzzCase.InDir("data.npz")],
            })
            .Concat(FuzzModel.FastOptions)
        select new FuzzCase("npz", files, args.ToArray(), []);

    [Fact]
    public void GeneratedNpzFilesKeepTheContract() => FuzzRun.Sample(Cases, stream: 2, defaultIterations: 40);

    // The model's weights in Keras's order (kernel then bias per layer), as np.savez(path, *model.get_weights()); an
    // MLP's are known from its shape, the other models get one array of the wrong shape.
    private static List<NpyFile> WeightArrays(FuzzModel model) => model.Input.Length == 1 && !model.TokenIds
        ? [Zeros(model.Input[0], 4), Zeros(4), Zeros(4, model.Target[0]), Zeros(model.Target[0])]
        : [Zeros(3, 4)];

    private static NpyFile Zeros(params int[] dims) => NpyFile.Of("<f4", dims.Select(d => (long)d).ToArray(), new double[dims.Aggregate(1, (a, d) => a * d)]);

    private static Gen<byte[]> Zip(List<(string Name, NpyFile Npy)> members, bool deflate, int how)
    {
        byte[] Build(IEnumerable<(string Name, byte[] Bytes)> m) => ZipBytes.Create(m.Select(e => (e.Name + ".npy", e.Bytes, deflate)));
        var plain = members.Select(m => (m.Name, m.Npy.Bytes())).ToList();
        byte[] valid = Build(plain);
        return how switch
        {
            1 or 2 => ByteMutations.Of(valid),
            3 => Gen.UInt.Select(crc => ZipBytes.EditHeaders(valid, (h, f) => BinaryPrimitives.WriteUInt32LittleEndian(h[f.Crc..], BinaryPrimitives.ReadUInt32LittleEndian(h[f.Crc..]) ^ (crc | 1)))),
            4 => Gen.OneOf(0u, 1u, 7u, 0xFFFFFFFFu, 0x7FFFFFFFu, 1u << 30).Select(Gen.Bool, (size, compressed) =>
                ZipBytes.EditHeaders(valid, (h, f) => BinaryPrimitives.WriteUInt32LittleEndian(h[(compressed ? f.Compressed : f.Uncompressed)..], size))),
            5 => Gen.Const(ZipBytes.EditHeaders(valid, (h, f) => h[f.Flags] |= 1)),
            6 => Gen.Int[0, members.Count - 1].SelectMany(i => members[i].Npy.Mutated().Select(m => Build(plain.Select((p, j) => j == i ? (p.Name, m.Bytes()) : p)))),
            7 => Gen.Int[0, members.Count - 1].Select(i => Build([.. plain, (plain[i].Name, members[(i + 1) % members.Count].Npy.Bytes())])),
            8 => FuzzValues.OddName.Select(Gen.Int[0, members.Count - 1], (name, i) => Build(plain.Select((p, j) => j == i ? (name, p.Item2) : p))),
            9 => Gen.Int[0, 29].Select(i => i == 0 ? Bomb.Value : valid),
            _ => Gen.Const(valid),
        };
    }
}
