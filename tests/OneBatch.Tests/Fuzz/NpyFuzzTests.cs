using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// <c>onebatch check</c> on generated <c>.npy</c> batches, valid (any accepted dtype, header version 1 to 3, zero
/// samples, Fortran order of one dimension) and mutated (header edits, dtypes, lying lengths, flipped or cut bytes),
/// keeps the CLI's contract (see <see cref="FuzzContract"/>).
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class NpyFuzzTests
{
    public static Gen<FuzzCase> Cases { get; } =
        from model in FuzzModel.Any
        from samples in Gen.Int[0, 6]
        from xDescr in model.TokenIds ? Gen.OneOf("<i4", "<i8", "|u1", "<f4") : Gen.OneOf(NpyFile.Accepted.Select(a => a.Descr).ToArray())
        from yDescr in Gen.OneOf("<f4", "<f8", "<i8", "|b1")
        from xVersion in Gen.Int[1, 3]
        from xValues in (model.TokenIds ? Gen.Frequency<int>((9, Gen.Int[0, FuzzModel.Vocabulary - 1]), (1, Gen.Int[-2, 12])).Select(i => (double)i) : FuzzValues.DataValue)
            .Array[samples * model.Input.Aggregate(1, (a, d) => a * d)]
        from yValues in Gen.Double.Unit.Array[samples * model.Target.Aggregate(1, (a, d) => a * d)]
        let x = NpyFile.Of(xDescr, [samples, .. model.Input.Select(d => (long)d)], xValues, xVersion)
        let y = NpyFile.Of(yDescr, [samples, .. model.Target.Select(d => (long)d)], yValues)
        from how in Gen.Int[0, 7]
        from xBytes in how switch
        {
            1 => x.Mutated().Select(m => m.Bytes()),
            2 => ByteMutations.Of(x.Bytes()),
            3 => NpyFile.AnyValid.Select(a => a.Bytes()),
            _ => Gen.Const(x.Bytes()),
        }
        from yBytes in how switch
        {
            4 => y.Mutated().Select(m => m.Bytes()),
            5 => ByteMutations.Of(y.Bytes()),
            _ => Gen.Const(y.Bytes()),
        }
        from report in Gen.Bool
        let files = new List<FuzzFile> { model.File(), new("x.npy", xBytes), new("y.npy", yBytes) }
        let args = new List<string> { "check", "--model", FuzzCase.InDir("model.json"), "--x", FuzzCase.InDir("x.npy") }
            .Concat(how == 6 ? [] : ["--y", FuzzCase.InDir("y.npy")])
            .Concat(report ? ["--report", FuzzCase.InDir("report.json")] : [])
            .Concat(FuzzModel.FastOptions)
        select new FuzzCase("npy", files, args.ToArray(), report ? ["report.json"] : []);

    [Fact]
    public void GeneratedNpyBatchesKeepTheContract() => FuzzRun.Sample(Cases, stream: 1, defaultIterations: 40);
}
