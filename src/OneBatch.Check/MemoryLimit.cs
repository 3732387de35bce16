namespace OneBatch.Check;

/// <summary>
/// The memory a check may use: the limit the user set (<c>--max-memory</c>, <see cref="CheckOptions.MaxMemory"/>) when
/// it is below what the process has available, else what it has available (<see cref="MemoryEstimate.AvailableBytes"/>).
/// </summary>
public readonly record struct MemoryLimit(long Bytes, bool SetByUser)
{
    public static MemoryLimit Of(long? maxBytes)
    {
        long available = MemoryEstimate.AvailableBytes();
        return maxBytes is long m && m < available ? new(m, SetByUser: true) : new(available, SetByUser: false);
    }

    /// <summary>What a refusal says the check has: <c>the limit set is 1 MB</c> or <c>7.9 GB is available</c>.</summary>
    public string Has => SetByUser ? $"the limit set is {MemoryEstimate.Format(Bytes)}" : $"{MemoryEstimate.Format(Bytes)} is available";
}
