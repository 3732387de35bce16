using OneBatch.Check;

namespace OneBatch.Tests.Check;

public sealed class MemoryLimitTests
{
    [Fact]
    public void AUserLimitBelowWhatIsAvailableIsTheLimit()
    {
        var limit = MemoryLimit.Of(1_000_000);
        Assert.Equal(new MemoryLimit(1_000_000, SetByUser: true), limit);
        Assert.Equal("the limit set is 1 MB", limit.Has);
    }

    [Fact]
    public void WithoutAUserLimitOrWithOneAboveWhatIsAvailableTheAvailableMemoryIsTheLimit()
    {
        long available = MemoryEstimate.AvailableBytes();
        Assert.Equal(new MemoryLimit(available, SetByUser: false), MemoryLimit.Of(null));
        Assert.Equal(new MemoryLimit(available, SetByUser: false), MemoryLimit.Of(long.MaxValue));
        Assert.EndsWith(" is available", MemoryLimit.Of(null).Has, StringComparison.Ordinal);
    }
}
