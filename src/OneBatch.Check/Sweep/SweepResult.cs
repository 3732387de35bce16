namespace OneBatch.Check.Sweep;

/// <summary>What a sweep found: every run, their ranking, the best setting, the rates that memorize and the diagnoses of the rest.</summary>
public sealed class SweepResult
{
    /// <summary>The case's name (a demo's, or the model file's).</summary>
    public required string Name { get; init; }

    /// <summary>Every run in grid order.</summary>
    public required IReadOnlyList<SweepRun> Runs { get; init; }

    /// <summary>The optimizers in the order they were given.</summary>
    public required IReadOnlyList<string> Optimizers { get; init; }

    /// <summary>The learning rates, lowest first.</summary>
    public required IReadOnlyList<float> LearningRates { get; init; }

    /// <summary>The runs, best first (<see cref="SweepRanking"/>).</summary>
    public IReadOnlyList<SweepRun> Ranked => _ranked ??= SweepRanking.Rank(Runs);

    /// <summary>The run that memorized in the fewest steps (then at the lowest loss); null when none memorized.</summary>
    public SweepRun? Best => Ranked.Count > 0 && Ranked[0].Memorized ? Ranked[0] : null;

    public bool AnyMemorized => Best is not null;

    /// <summary>Per optimizer, in their order, the rates that memorized.</summary>
    public IReadOnlyList<SweepRange> Ranges => _ranges ??= Optimizers.Select(o => SweepRange.Of(o, Runs)).ToArray();

    /// <summary>The failed runs' diagnoses, code by code.</summary>
    public IReadOnlyList<SweepFinding> Findings => _findings ??= SweepFinding.Of(Runs);

    public required int MaxSteps { get; init; }

    public required int Seed { get; init; }

    /// <summary>Runs trained side by side.</summary>
    public required int Workers { get; init; }

    /// <summary>Wall time of the whole sweep.</summary>
    public required double Seconds { get; init; }

    private IReadOnlyList<SweepRun>? _ranked;
    private IReadOnlyList<SweepRange>? _ranges;
    private IReadOnlyList<SweepFinding>? _findings;
}
