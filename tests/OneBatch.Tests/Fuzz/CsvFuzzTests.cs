using System.Text;
using CsCheck;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// <c>onebatch check</c> on generated <c>.csv</c> batches (features and target in one file, or <c>--x</c> and <c>--y</c>
/// apart): numbers in many spellings, headers or none, blank lines, quotes, NaN and infinities, ragged rows, a BOM,
/// CRLF, bytes that are not UTF-8, <c>--target-column</c> named or misnamed.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class CsvFuzzTests
{
    private static readonly Gen<string> Cell = Gen.Frequency<string>(
        (10, FuzzValues.DataValue.Select(FuzzValues.Text)),
        (4, Gen.Int[-3, 3].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (3, Gen.OneOf("NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "\"1,5\"", " 2 ", "", "abc", "0x10", "1e999", "\"3\"", "1_000", "+4", "\u0665", "1.5.2", "--", "\"", "TRUE", "1e-400")));

    public static Gen<FuzzCase> Cases { get; } =
        from features in Gen.Int[1, 4]
        from rows in Gen.Int[0, 6]
        from header in Gen.Bool
        from names in Gen.Frequency<string>((6, Gen.Int[0, 99].Select(i => $"c{i}")), (1, FuzzValues.OddName)).Array[features + 1]
        from cells in Cell.Array[0, features + 3].Array[rows]
        from regular in Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)))
        from regularCells in Gen.Frequency((3, FuzzValues.DataValue.Select(FuzzValues.Text)), (1, Cell)).Array[features + 1].Array[rows]
        from newline in Gen.OneOf("\n", "\r\n", "\r")
        from blankLines in Gen.Int[0, 2]
        from bom in Gen.Bool
        from raw in Gen.Frequency((6, Gen.Const<byte[]>([])), (1, Gen.OneOf<byte[]>([0xFF], [0xC3, 0x28], [0x00], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80])))
        from split in Gen.Bool
        from targetColumn in Gen.Frequency((4, Gen.Const((string?)null)), (1, Gen.Int[0, features].Select(i => (string?)names[i])), (1, FuzzValues.OddName.Select(n => (string?)n)))
        let lines = (header ? [string.Join(",", names)] : new List<string>())
            .Concat((regular ? regularCells : cells).Select(r => string.Join(",", r)))
            .SelectMany((l, i) => i == 1 && blankLines > 0 ? Enumerable.Repeat("", blankLines).Append(l) : [l])
        let text = Encoding.UTF8.GetBytes((bom ? "\uFEFF" : "") + string.Join(newline, lines) + newline)
        let bytes = raw.Length == 0 ? text : [.. text[..(text.Length / 2)], .. raw, .. text[(text.Length / 2)..]]
        let model = SeedModelJson.Sequential([split ? features + 1 : features], "mean_squared_error", SeedModelJson.Dense("dense", 4, "relu"), SeedModelJson.Dense("dense_1", 1, "linear"))
        let y = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, rows + (header ? 1 : 0)).Select(i => FuzzValues.Text(i % 3))))
        let files = new List<FuzzFile> { new("model.json", Encoding.UTF8.GetBytes(model)), new("data.csv", bytes), new("y.csv", y) }
        let args = new List<string> { "check", "--model", FuzzCase.InDir("model.json"), "--x", FuzzCase.InDir("data.csv") }
            .Concat(split ? ["--y", FuzzCase.InDir("y.csv")] : [])
            .Concat(targetColumn is null ? [] : ["--target-column", targetColumn])
            .Concat(FuzzModel.FastOptions)
        select new FuzzCase("csv", files, args.ToArray(), []);

    [Fact]
    public void GeneratedCsvBatchesKeepTheContract() => FuzzRun.Sample(Cases, stream: 3, defaultIterations: 40);
}
