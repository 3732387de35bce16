using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.Optimizers.Schedules;

public sealed class PiecewiseConstantDecayTests
{
    [Fact]
    public void EachValueHoldsUpToAndIncludingItsBoundary()
    {
        // boundaries [10, 20], values [1, 0.5, 0.1]: t <= 10 -> 1; 10 < t <= 20 -> 0.5; t > 20 -> 0.1.
        var s = new PiecewiseConstantDecay([10, 20], [1f, 0.5f, 0.1f]);
        Assert.Equal([1f, 1f, 0.5f, 0.5f, 0.1f], new long[] { 0, 10, 11, 20, 21 }.Select(s.At));
        Assert.Equal(1f, s.LearningRate);
        var scaled = ((PiecewiseConstantDecay)s.WithLearningRate(0.2f)).Values;
        Assert.Equal(0.2f, scaled[0]);
        Assert.Equal(0.1f, scaled[1], 1e-7f);
        Assert.Equal(0.02f, scaled[2], 1e-7f);
        Assert.Equal(["boundaries", "values"], s.GetConfig().Select(p => p.Key));
    }

    [Fact]
    public void NeedsOneMoreValueThanBoundaries() =>
        Assert.Contains("one more value", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10], [1f])).Message);
}
