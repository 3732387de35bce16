namespace OneBatch.Check;

/// <summary>What the isolation of a failed check found: each variant's result, the likely component and why.</summary>
public sealed class IsolationReport
{
    /// <summary>Said of the model when no change made the batch memorizable.</summary>
    public const string ModelSuspect = "model";

    /// <summary>The variants in the order they ran.</summary>
    public required IReadOnlyList<IsolationVariant> Variants { get; init; }

    /// <summary>The component of the first variant that memorized the batch, or <see cref="ModelSuspect"/> when none did.</summary>
    public required string Suspect { get; init; }

    /// <summary>One sentence: what memorized where the user's run did not, and what to suspect.</summary>
    public required string Summary { get; init; }

    /// <summary>The whole isolation's wall time.</summary>
    public required double Seconds { get; init; }
}
