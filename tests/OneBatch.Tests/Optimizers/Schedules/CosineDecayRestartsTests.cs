using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.Optimizers.Schedules;

public sealed class CosineDecayRestartsTests
{
    [Fact]
    public void PeriodsGrowByTMulAndRestartsShrinkByMMul()
    {
        // first 10, t_mul 2, m_mul 0.5: periods [0, 10), [10, 30), [30, 70) start at 1, 0.5, 0.25.
        // t=5: f = 0.5, i = floor(log(1 + 0.5) / log 2) = 0, fraction 0.5 -> 0.5 (1 + cos(pi/2)) = 0.5.
        // t=10: f = 1, i = floor(log 2 / log 2) = 1, fraction (1 - 1) / 2 = 0 -> 0.5 * 0.5 * 2 = 0.5.
        // t=20: f = 2, i = floor(log 3 / log 2) = 1, fraction (2 - 1) / 2 = 0.5 -> 0.5 * 0.5 * 1 = 0.25.
        // t=30: f = 3, i = 2, fraction (3 - 3) / 4 = 0 -> 0.5 * 0.25 * 2 = 0.25.
        var s = new CosineDecayRestarts(1f, 10, 2f, 0.5f);
        Assert.Equal(1f, s.At(0), 1e-7f);
        Assert.Equal(0.5f, s.At(5), 1e-6f);
        Assert.Equal(0.5f, s.At(10), 1e-6f);
        Assert.Equal(0.25f, s.At(20), 1e-6f);
        Assert.Equal(0.25f, s.At(30), 1e-6f);
    }

    [Fact]
    public void EqualPeriodsWhenTMulIsOne()
    {
        // t_mul 1: i = floor(t / 10), fraction = t / 10 - i; t=15 -> 0.5, t=10 -> 1 (a restart).
        var s = new CosineDecayRestarts(1f, 10, 1f, 1f);
        Assert.Equal(0.5f, s.At(15), 1e-6f);
        Assert.Equal(1f, s.At(10), 1e-6f);
        Assert.Equal(["initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha"], s.GetConfig().Select(p => p.Key));
    }
}
