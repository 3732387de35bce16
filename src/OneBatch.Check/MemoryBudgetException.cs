namespace OneBatch.Check;

/// <summary>
/// A check that would not fit in memory, found before anything big was allocated: the message says how much it needs
/// (<see cref="Estimate"/>) and what it has (<see cref="LimitBytes"/>).
/// </summary>
public sealed class MemoryBudgetException(string message, MemoryEstimate estimate, long limitBytes, bool userLimit) : Exception(message)
{
    public MemoryEstimate Estimate { get; } = estimate;

    public long LimitBytes { get; } = limitBytes;

    /// <summary>True when the limit is one the user set (<see cref="CheckOptions.MaxMemory"/>), not the memory available.</summary>
    public bool UserLimit { get; } = userLimit;
}
