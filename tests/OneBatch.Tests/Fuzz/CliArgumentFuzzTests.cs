using System.Text;
using CsCheck;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// Odd argument vectors keep the CLI's contract: a valid command (demo, check on files, sweep, lr-find) with options
/// inserted whose values are odd (<c>1,5</c>, empty, option-looking, control characters, non-ASCII digits, overflowing
/// numbers, paths that are the folder, an input, a missing file) and stray tokens. Output paths always stay in the
/// case's folder.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class CliArgumentFuzzTests
{
    private static readonly Gen<string> OddNumber = Gen.OneOf(
        "1,5", "1.5", "0", "-1", "", " ", "NaN", "inf", "-inf", "1e999", "1e-45", "\u0661", "+3", " 7", "7 ", "0x10", "1e2", "--lr", "-q",
        "99999999999999999999", "2147483648", "1_0", "\u00a01", "1\n2", "3\0");

    private static readonly Gen<string> OddWord = Gen.OneOf<string>(
        Gen.OneOf("adam", "ADAM", "sgd", "nope", "sgd\n", "", "-", "--optimizer", "mean_squared_error", "categorical_crossentropy", "\u001b[2J", "a b"),
        FuzzValues.OddName);

    // A name for an output inside the folder: ordinary, odd (no separator: it must stay in the folder), an input's
    // name, a missing subfolder, another extension, or empty (the folder itself).
    private static readonly Gen<string> OutputName = Gen.OneOf<string>(
        Gen.OneOf("out.json", "out.png", "out.svg", "model.json", "x.npy", "sub/out.json", "", "out"),
        FuzzValues.OddName.Where(n => !n.Contains('/') && n is not (".." or "." or "")));

    private static readonly Gen<string> InputName = Gen.OneOf<string>(
        Gen.OneOf("model.json", "x.npy", "y.npy", "missing.npy", "", "x.npy\n", "model.json ", "sub/x.npy"),
        FuzzValues.OddName.Where(n => n is not (".." or ".")));

    // An option and its value (the value may be missing: null).
    private static readonly Gen<Arg> Option = Gen.OneOf<Arg>(
        Gen.Select(Gen.OneOf("--lr", "--momentum", "--clipnorm", "--weight-decay", "--start-lr", "--end-lr", "--seed", "--lrs"), OddNumber, (o, v) => new Arg(o, v, false)),
        Gen.Select(Gen.OneOf("--steps", "--num-steps", "--batch-size"), Gen.OneOf<string>(OddNumber.Where(v => v is not ("2147483648" or "1e2")), Gen.OneOf("1000000000")), (o, v) => new Arg(o, v, false)),
        Gen.Select(Gen.OneOf("--optimizer", "--optimizers", "--loss", "--target-column"), OddWord, (o, v) => new Arg(o, v, false)),
        Gen.Select(Gen.OneOf("--report", "--plot"), OutputName, (o, v) => new Arg(o, FuzzCase.InDir(v), true)),
        Gen.OneOf<Arg>(new Arg("--report", "-", false), new Arg("--report", "", false), new Arg("--plot", "", false)),
        Gen.Select(Gen.OneOf("--x", "--y", "--model", "--weights"), InputName, (o, v) => new Arg(o, FuzzCase.InDir(v), false)),
        Gen.OneOf<Arg>(new Arg("--x", "", false), new Arg("--x", "--y", false), new Arg("--model", "--x", false), new Arg("--weights", "-", false)),
        Gen.OneOf("--quiet", "--no-early-stop", "--fresh-weights", "--from-logits", "--nesterov", "--no-isolate", "-q", "--help", "--version").Select(o => new Arg(o, null, false)));

    // Stray tokens: never an output option, whose value would then be the next token and could point anywhere.
    private static readonly Gen<string> Stray = Gen.OneOf<string>(
        Gen.OneOf("", "-", "--", "---", "--lr=1,5", "--quiet=false", "\0", "demo", "check", "regression", "--unknown", "-x", "\u2014steps", "\t"),
        FuzzValues.OddName.Where(n => !n.StartsWith("--r", StringComparison.Ordinal) && !n.StartsWith("--p", StringComparison.Ordinal)));

    private static readonly string[][] Commands =
    [
        ["demo", "regression", "--steps", "20"],
        ["demo", "classification", "--steps", "20"],
        ["check", "--model", FuzzCase.InDir("model.json"), "--steps", "20", "--batch-size", "4"],
        ["check", "--model", FuzzCase.InDir("model.json"), "--x", FuzzCase.InDir("x.npy"), "--y", FuzzCase.InDir("y.npy"), "--steps", "20"],
        ["sweep", "demo", "regression", "--lrs", "0.01,0.1", "--optimizers", "adam", "--steps", "20"],
        ["lr-find", "demo", "regression", "--num-steps", "10"],
    ];

    /// <summary>An option, its value (null for a flag), and whether the value is an output path the run may write.</summary>
    public readonly record struct Arg(string Option, string? Value, bool IsOutput);

    public static Gen<FuzzCase> Cases { get; } =
        from command in Gen.Int[0, Commands.Length - 1]
        from options in Option.Array[0, 3]
        from strays in Gen.Select(Stray, Gen.Int[0, 10]).Array[0, 2]
        let units = Commands[command].Select(a => new[] { a }).Concat(options.Select(o => o.Value is null ? new[] { o.Option } : [o.Option, o.Value])).ToList()
        let args = strays.Aggregate(units, (u, s) => [.. u[..Math.Min(s.Item2, u.Count)], new[] { s.Item1 }, .. u[Math.Min(s.Item2, u.Count)..]]).SelectMany(a => a).ToArray()
        let outputs = options.Where(o => o.IsOutput).Select(o => o.Value![(FuzzCase.Dir.Length + 1)..]).ToArray()
        let x = NpyFile.Of("<f4", [4, 5], Enumerable.Range(0, 20).Select(i => i / 20.0).ToArray()).Bytes()
        let y = NpyFile.Of("<f4", [4, 1], [0.1, 0.5, 0.2, 0.9]).Bytes()
        let files = new List<FuzzFile> { new("model.json", Encoding.UTF8.GetBytes(SeedModelJson.Regression)), new("x.npy", x), new("y.npy", y) }
        select new FuzzCase("args", files, args, outputs);

    [Fact]
    public void OddArgumentVectorsKeepTheContract() => FuzzRun.Sample(Cases, stream: 6, defaultIterations: 40);
}
