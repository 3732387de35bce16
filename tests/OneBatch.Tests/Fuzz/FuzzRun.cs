using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// How long each fuzz property runs, and the seeded loop that runs it. By default each property runs its own small
/// number of cases (the suite stays fast); <c>ONEBATCH_FUZZ_ITERATIONS=N</c> runs N cases per property and
/// <c>ONEBATCH_FUZZ_SECONDS=S</c> runs each property for S seconds (for CI or by hand); <c>ONEBATCH_FUZZ_SEED=K</c>
/// shifts every property to another reproducible sequence of cases.
/// </summary>
public static class FuzzRun
{
    public static int? IterationsOverride { get; } = Read("ONEBATCH_FUZZ_ITERATIONS");

    public static int? SecondsOverride { get; } = Read("ONEBATCH_FUZZ_SECONDS");

    public static int SeedOffset { get; } = Read("ONEBATCH_FUZZ_SEED") ?? 0;

    /// <summary>
    /// Case i of the property numbered <paramref name="stream"/> is drawn from CsCheck seed (stream, offset + i), so a run
    /// is the same every time; a failing case fails with CsCheck's message, which gives its seed (paste it as
    /// <c>seed:</c> into a one-case <c>Sample</c>, or set <c>CsCheck_Seed</c>) and the case itself.
    /// </summary>
    public static void Sample(Gen<FuzzCase> gen, uint stream, int defaultIterations, Action<FuzzCase>? check = null)
    {
        check ??= FuzzContract.Check;
        int iterations = IterationsOverride ?? defaultIterations;
        var clock = Stopwatch.StartNew();
        for (long i = 0; SecondsOverride is int seconds ? clock.Elapsed.TotalSeconds < seconds : i < iterations; i++)
        {
            string seed = new PCG(stream, (ulong)(SeedOffset + i)).ToString();
            gen.Sample(check, iter: 1, seed: seed, threads: 1);
        }
    }

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
